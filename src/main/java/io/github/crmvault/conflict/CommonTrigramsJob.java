package io.github.crmvault.conflict;

import io.github.crmvault.settings.CrmSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Keeps conflict_common_trigram (V45) near the names: the similar-name lookup groups a checked name's trigrams
 * by it so that each group is rare. A hint only: the names found are the same whatever it holds; a stale one
 * makes checks read more. Every instance asks once a period, one rewrite a period happens in all:
 * conflict_common_trigrams_refresh skips while another session rewrites or when a rewrite is less than half
 * a period old.
 */
@ApplicationScoped
class CommonTrigramsJob {
    @Inject
    EntityManager em;
    @Inject
    CrmSettings settings;

    @Scheduled(identity = "conflict-common-trigrams", every = "${crm.conflict.common-trigrams-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh(settings.conflict().commonTrigramsEvery());
    }

    /** Rewrites the table unless a rewrite is running or younger than half of {@code every}; null when skipped. */
    Integer refresh(String every) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Number common = (Number) em.createNativeQuery("SELECT conflict_common_trigrams_refresh(CAST(:every AS interval) / 2)")
                    .setParameter("every", every).getSingleResult();
            return common == null ? null : common.intValue();
        });
    }
}
