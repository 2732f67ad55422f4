package io.github.crmvault.claim;

import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.visit.EffectiveVisit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A corrected visit that is effective keeps an owned customer protected until the visit plus the protection
 * period, if that is later than what it has. The visit is the record of it: the customer's version
 * and history stay as they are; only the change feed learns of the new protection end. The rule is
 * {@link EffectiveVisit#EXTEND_PROTECTION}; a visit created effective runs it in its creation statement.
 */
@ApplicationScoped
class ProtectionExtension {
    private static final String EXTEND = EffectiveVisit.EXTEND_PROTECTION;

    @Inject
    EntityManager em;
    @Inject
    CrmSettings settings;
    @Inject
    ChangeLog changeLog;

    /** Runs in the visit's transaction, so the visit and the extension commit together. */
    void onEffectiveVisit(@Observes EffectiveVisit visit) {
        int extended = em.createNativeQuery(EXTEND)
                .setParameter("customer", visit.customerId())
                .setParameter("until", EffectiveVisit.protectedUntil(visit.visitedAt(), settings.claim().protectionDays()))
                .executeUpdate();
        if (extended > 0) {
            changeLog.changed(ChangeLog.CUSTOMER, visit.customerId(), visit.customerId());
        }
    }
}
