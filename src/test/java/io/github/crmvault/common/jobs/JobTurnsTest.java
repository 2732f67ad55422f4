package io.github.crmvault.common.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
                    return turns.take(job, "1h");
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
        assertFalse(turns.take(job, "1h"), "the period's turn is gone");

        ageTurn(job, "50 minutes");
        assertFalse(turns.take(job, "1h"), "50 minutes into an hour");
        // 0.9 of the period: the holder's next tick, a little early, still gets its turn.
        ageTurn(job, "55 minutes");
        assertTrue(turns.take(job, "1h"));
        assertFalse(turns.take(job, "1h"));
    }

    @Test
    void periodsReadAsTheSchedulerSettingsWriteThem() {
        for (String every : List.of("30s", "1m", "PT5M", "2h", "1d")) {
            String job = Org.unique("job");
            assertTrue(turns.take(job, every), every);
            assertFalse(turns.take(job, every), every);
        }
    }

    private void ageTurn(String job, String age) {
        assertEquals(1, Sql.update(db, "UPDATE job_turn SET taken_at = now() - CAST(? AS interval) WHERE job = ?", age, job));
    }
}
