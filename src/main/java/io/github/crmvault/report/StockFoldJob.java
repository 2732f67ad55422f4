package io.github.crmvault.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Folds the stock changes that customer writes record (V40's trigger appends one row per customer
 * entering or leaving an (owner, expected date) cell) into the cells' totals, so that what a report adds
 * up stays a few seconds' changes. Safe on several instances at once: the fold takes an advisory lock,
 * and a run that does not get it folds nothing. The reports are exact whether or not it ran.
 */
@ApplicationScoped
class StockFoldJob {
    @Inject
    EntityManager em;

    @Scheduled(identity = "report-stock-fold", every = "${crm.report.stock-fold-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        fold();
    }

    /** Folds the changes committed so far; returns how many cells changed (0 when another fold runs). */
    int fold() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT customer_stock_fold()").getSingleResult()).intValue());
    }
}
