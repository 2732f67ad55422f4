package io.github.crmvault.customer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Moves the entries that customer writes append to the name search index's pending list (V42) into the
 * index's tree, in sorted batches, so that no claim has to: a claim rewrites its customer out of place and
 * would otherwise insert ~30 entries into the tree one by one. Safe on several instances at once: a drain
 * that finds another one running does nothing. Searches are exact whether or not it ran.
 */
@ApplicationScoped
class CustomerSearchDrainJob {
    @Inject
    EntityManager em;

    @Scheduled(identity = "customer-search-drain", every = "${crm.claim.search-drain-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        drain();
    }

    /** Drains the pending list; returns the pending pages removed, or -1 when another drain runs. */
    long drain() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Number pages = (Number) em.createNativeQuery("SELECT customer_search_drain()").getSingleResult();
            return pages == null ? -1 : pages.longValue();
        });
    }
}
