package io.github.crmvault.claim;

import io.github.crmvault.common.jobs.JobTurns;
import io.github.crmvault.customer.CustomerOwnership;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.settings.CrmSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Returns customers whose protection lapsed to the public pool. Safe on several instances at once:
 * each batch locks the rows it takes with FOR UPDATE SKIP LOCKED, so two runs never take the same
 * customer, and PostgreSQL re-checks the condition on a row that changed before it was locked (an
 * effective visit, a release, a signature), so a customer is recalled once and only while it is due.
 * The schedule runs once a period in all, not once per instance ({@link JobTurns}): the scan is the
 * cluster's work.
 */
@ApplicationScoped
public class RecallJob {
    /** The actor of a recall in history and ownership log. */
    public static final String SYSTEM = "system";
    static final String REASON = "protection period lapsed";
    private static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(RecallJob.class);

    /**
     * Signed customers are accounts, never recalled; archived ones stay as they were archived. No index
     * has protected_until, so that a visit's extension of it updates the row in place (V36): this is a
     * sequential scan, once a period (a minute by default) for the cluster, instead of index writes on
     * every visit.
     */
    private static final String DUE = "SELECT c.id FROM customer c WHERE c.owner_id IS NOT NULL"
            + " AND c.status <> 'SIGNED' AND NOT c.archived AND c.protected_until < :now"
            + " ORDER BY c.protected_until LIMIT :batch FOR UPDATE SKIP LOCKED";

    @Inject
    EntityManager em;
    @Inject
    CustomerOwnership ownership;
    @Inject
    JobTurns turns;
    @Inject
    CrmSettings settings;

    @Scheduled(identity = "claim-recall", every = "${crm.claim.recall-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int recalled = recallInTurn(JobTurns.period(settings.claim().recallEvery()));
        if (recalled > 0) {
            LOG.infof("Recalled %d customers whose protection lapsed", recalled);
        }
    }

    /** Recalls every customer due now if this instance has the turn of the period {@code every}; else -1. */
    int recallInTurn(Duration every) {
        return turns.take("claim-recall", every) ? recallLapsed() : -1;
    }

    /** Recalls every customer due now; returns how many this call recalled. */
    public int recallLapsed() {
        return recallLapsed(BATCH);
    }

    /** In batches of {@code batch}, one transaction each, so locks are short and a failure loses one batch only. */
    int recallLapsed(int batch) {
        int total = 0;
        while (true) {
            int recalled = QuarkusTransaction.requiringNew().call(() -> recallBatch(batch));
            total += recalled;
            // A short batch: nothing more is due, or another instance holds the rest.
            if (recalled < batch) {
                return total;
            }
        }
    }

    private int recallBatch(int batch) {
        @SuppressWarnings("unchecked")
        // No result class: the uuid column comes back as a UUID all the same, and Hibernate's plan cache keys
        // a native query with one by a mapping whose keys collide (the claim's cool-down read once, issue 14).
        List<UUID> due = em.createNativeQuery(DUE)
                .setParameter("now", Instant.now())
                .setParameter("batch", batch)
                .getResultList();
        return due.isEmpty() ? 0 : ownership.moveLockedToPool(due, Kind.RECALL, REASON, SYSTEM);
    }
}
