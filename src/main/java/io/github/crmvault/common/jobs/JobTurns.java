package io.github.crmvault.common.jobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Turns of a scheduled job across instances (V56): every instance asks each period, one of them gets the
 * period's turn. For jobs whose work is the cluster's, such as a scan of a whole table; a job that only
 * needs its runs kept apart can lock instead.
 */
@ApplicationScoped
public class JobTurns {
    /**
     * A turn is free once the last one is 0.9 of a period old: instances tick at their own phases, and the
     * holder's next tick must not find its own turn a few milliseconds short and skip a whole period. The
     * row lock queues concurrent askers; the second re-reads the first one's time and finds no turn.
     */
    private static final String TAKE = "INSERT INTO job_turn (job, taken_at) VALUES (:job, now())"
            + " ON CONFLICT (job) DO UPDATE SET taken_at = excluded.taken_at"
            + " WHERE job_turn.taken_at <= now() - CAST(:every AS interval) * 0.9 RETURNING job";

    @Inject
    EntityManager em;

    /**
     * Whether this caller has {@code job}'s turn for the period {@code every} (as the scheduler's setting
     * reads: {@code 30s}, {@code 1m}, {@code PT5M}), committed before it returns so that the other
     * instances see it at once.
     */
    public boolean take(String job, String every) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(TAKE)
                .setParameter("job", job)
                .setParameter("every", every)
                .getResultList().isEmpty());
    }
}
