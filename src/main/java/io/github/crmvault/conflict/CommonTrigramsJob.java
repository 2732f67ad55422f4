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
 * makes checks read more. Every instance asks every {@code common-trigrams-check-every}; one rewrite happens
 * in all: conflict_common_trigrams_refresh (V52) skips while another session rewrites, or when the last
 * rewrite is younger than {@code common-trigrams-every} and the number of names has not moved by more than a
 * quarter since (an import into an empty database is counted within minutes, not hours).
 */
@ApplicationScoped
class CommonTrigramsJob {
    @Inject
    EntityManager em;
    @Inject
    CrmSettings settings;

    @Scheduled(identity = "conflict-common-trigrams", every = "${crm.conflict.common-trigrams-check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh(settings.conflict().commonTrigramsEvery());
    }

    /**
     * Rewrites the table unless a rewrite is running, or is younger than {@code every} with about as many names
     * as now; the number of common trigrams, or null when skipped.
     */
    Integer refresh(String every) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Number common = (Number) em.createNativeQuery("SELECT conflict_common_trigrams_refresh(CAST(:every AS interval))")
                    .setParameter("every", every).getSingleResult();
            return common == null ? null : common.intValue();
        });
    }
}
