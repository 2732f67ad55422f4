package io.github.crmvault.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * Fills visit_review_fact for the visits reviewed before migration V37, which made the table and the
 * triggers that keep it from then on but left the 1.25M existing facts (at 5M visits) to this fill, so
 * that it held off visit and review writes for milliseconds rather than the 24 s one INSERT of them took.
 * Each batch is one transaction of visit_review_fact_fill (SQL, beside the triggers it must agree with);
 * until the last one the reports count review discipline from the reviews. Safe on several instances at
 * once: the batch locks the fill's row with SKIP LOCKED, so only one instance fills at a time.
 */
@ApplicationScoped
public class ReviewFactFill {
    /** Visits per batch: ~0.2-0.4 s at 5M visits, the longest a second review of one of them may wait. */
    static final int BATCH = 10_000;
    private static final Logger LOG = Logger.getLogger(ReviewFactFill.class);

    @Inject
    EntityManager em;

    @Scheduled(identity = "review-fact-fill", every = "${crm.review.fact-fill-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long start = System.nanoTime();
        int batches = fill(BATCH);
        if (batches > 0) {
            LOG.infof("Filled review facts of earlier reviews: %d batches in %d ms", batches,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Runs batches of {@code batch} visits until none is left to this instance; returns how many it ran. */
    int fill(int batch) {
        int batches = 0;
        Boolean more = true;
        while (Boolean.TRUE.equals(more)) {
            more = QuarkusTransaction.requiringNew().call(() -> (Boolean) em.createNativeQuery(
                    "SELECT visit_review_fact_fill(:batch)").setParameter("batch", batch).getSingleResult());
            batches += more == null ? 0 : 1;
        }
        return batches;
    }
}
