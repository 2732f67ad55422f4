package io.github.crmvault.common.jobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;

/**
 * Turns of a scheduled job across instances (V56): every instance asks each period, one of them gets the
 * period's turn. For jobs whose work is the cluster's, such as a scan of a whole table; a job that only
 * needs its runs kept apart can lock instead. A turn whose work failed is not handed back: the next comes a
 * period later, as it would have on one instance.
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
            + " WHERE job_turn.taken_at <= now() - make_interval(secs => :seconds) RETURNING job";

    @Inject
    EntityManager em;

    /**
     * The period a scheduler setting such as {@code 30s}, {@code 1m} or {@code PT5M} means, read as the
     * scheduler reads it (so that a form PostgreSQL would read otherwise, such as {@code pt5m}, cannot
     * differ): its absolute value, and no less than the scheduler's one-second tick.
     */
    public static Duration period(String every) {
        Duration period = DurationConverter.parseDuration(every.strip()).abs();
        return period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period;
    }

    /**
     * Whether this caller has {@code job}'s turn for the period {@code every}, committed before it returns
     * so that the other instances see it at once.
     */
    public boolean take(String job, Duration every) {
        double seconds = every.toMillis() * 0.9 / 1000;
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(TAKE)
                .setParameter("job", job)
                .setParameter("seconds", seconds)
                .getResultList().isEmpty());
    }
}
