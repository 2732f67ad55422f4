package io.github.crmvault.common.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** One turn a period for a job, however many instances ask at once. */
@QuarkusTest
class JobTurnsTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    JobTurns turns;
    @Inject
    DataSource db;

    @Test
    void instancesAskingAtOnceGetOneTurnAndTheNextComesWithTheNextPeriod() throws Exception {
        String job = Org.unique("job");
        ExecutorService instances = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> asked = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                asked.add(instances.submit(() -> {
                    start.await();
                    return turns.take(job, HOUR);
                }));
            }
            start.countDown();
            int taken = 0;
            for (Future<Boolean> answer : asked) {
                taken += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, taken);
        } finally {
            instances.shutdownNow();
        }
        assertFalse(turns.take(job, HOUR), "the period's turn is gone");

        ageTurn(job, "50 minutes");
        assertFalse(turns.take(job, HOUR), "50 minutes into an hour");
        // 0.9 of the period: the holder's next tick, a little early, still gets its turn.
        ageTurn(job, "55 minutes");
        assertTrue(turns.take(job, HOUR));
        assertFalse(turns.take(job, HOUR));
    }

    @Test
    void aPeriodMeansWhatItMeansToTheScheduler() {
        assertEquals(Duration.ofSeconds(30), JobTurns.period("30s"));
        assertEquals(Duration.ofMinutes(1), JobTurns.period("1m"), "a minute, not a month");
        assertEquals(Duration.ofMinutes(5), JobTurns.period("PT5M"));
        // Forms PostgreSQL's interval input reads otherwise or not at all.
        assertEquals(Duration.ofMinutes(5), JobTurns.period("pt5m"));
        assertEquals(Duration.ofMinutes(1), JobTurns.period("-1m"), "the scheduler ticks every minute");
        assertEquals(Duration.ofSeconds(90), JobTurns.period("90"));
        assertEquals(Duration.ofMinutes(90), JobTurns.period("1h30m"));
        assertEquals(Duration.ofDays(1), JobTurns.period("1d"));
        assertEquals(Duration.ofSeconds(1), JobTurns.period("500ms"), "the scheduler's tick is a second");
    }

    @Test
    void aShortPeriodsTurnComesBackAfterNineTenthsOfIt() {
        String job = Org.unique("job");
        Duration period = JobTurns.period("1m");
        assertTrue(turns.take(job, period));
        ageTurn(job, "50 seconds");
        assertFalse(turns.take(job, period), "50 s into a minute");
        ageTurn(job, "55 seconds");
        assertTrue(turns.take(job, period), "55 s into a minute");
    }

    private void ageTurn(String job, String age) {
        assertEquals(1, Sql.update(db, "UPDATE job_turn SET taken_at = now() - CAST(? AS interval) WHERE job = ?", age, job));
    }
}
