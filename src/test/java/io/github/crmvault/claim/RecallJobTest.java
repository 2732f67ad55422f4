package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.archivedCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.history;
import static io.github.crmvault.claim.ClaimTestSupport.ownership;
import static io.github.crmvault.claim.ClaimTestSupport.protectUntilHoursAgo;
import static io.github.crmvault.claim.ClaimTestSupport.signedCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The recall job: lapsed protections go back to the pool, once each, whoever runs it at the same time. */
@QuarkusTest
class RecallJobTest {
    @Inject
    DataSource db;
    @Inject
    RecallJob job;

    @Test
    void lapsedCustomersAreRecalledButSignedArchivedAndProtectedOnesStay() {
        Org.Person rep = Org.rep();
        String lapsed = Customers.create(rep.auth(), Org.unique("过期"));
        String signed = signedCustomer(rep.auth(), Org.unique("已签约"));
        String archived = archivedCustomer(rep.auth(), Org.unique("归档"));
        String protectedOne = Customers.create(rep.auth(), Org.unique("保护中"));
        for (String id : List.of(lapsed, signed, archived)) {
            protectUntilHoursAgo(db, id, 1);
        }
        String protectedUntil = get(rep.auth(), lapsed).getString("protectedUntil");

        assertTrue(job.recallLapsed() >= 1);

        JsonPath recalled = get(rep.auth(), lapsed);
        assertNull(recalled.getString("ownerId"));
        assertNull(recalled.getString("claimedAt"));
        assertNull(recalled.getString("protectedUntil"));
        assertEquals(1, recalled.getInt("version"));
        assertEquals(RecallJob.SYSTEM, recalled.getString("updatedBy"));
        Map<String, Object> entry = history(rep.auth(), lapsed).get(0);
        assertEquals("RECALL", entry.get("action"));
        assertEquals("system", entry.get("actor"));
        assertEquals(RecallJob.REASON, entry.get("reason"));
        assertEquals(List.of(
                Map.of("field", "claimedAt", "oldValue", recalledClaimedAt(rep, lapsed)),
                Map.of("field", "ownerId", "oldValue", rep.id()),
                Map.of("field", "protectedUntil", "oldValue", protectedUntil)), withoutNewValues(entry));
        Map<String, Object> logged = ownership(rep.auth(), lapsed).get(0);
        assertEquals("RECALL", logged.get("kind"));
        assertEquals("system", logged.get("actor"));
        assertEquals(Map.of("pool", true), logged.get("to"));

        for (String id : List.of(signed, archived, protectedOne)) {
            JsonPath kept = get(rep.auth(), id);
            assertEquals(rep.id(), kept.getString("ownerId"), id);
            assertEquals(id.equals(protectedOne) ? 0 : 1, kept.getInt("version"), "archiving or signing made version 1");
        }

        // Losing a customer to recall starts the cool-down like a release.
        Problems.expect(claim(rep.auth(), lapsed), 409, "claim-cool-down");
        claim(Org.rep().auth(), lapsed).then().statusCode(200);
    }

    @Test
    void concurrentRunsRecallEachCustomerOnce() throws Exception {
        Org.Person rep = Org.rep();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(Customers.create(rep.auth(), Org.unique("批量回收")));
        }
        Sql.update(db, "UPDATE customer SET protected_until = now() - interval '1 day' WHERE owner_id = ?",
                UUID.fromString(rep.id()));

        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<Integer>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                runs.add(threads.submit(() -> job.recallLapsed(7)));
            }
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get(60, TimeUnit.SECONDS);
            }
            assertTrue(total >= 40, "recalled " + total);
        } finally {
            threads.shutdownNow();
        }

        for (String id : ids) {
            assertEquals(1L, count("SELECT count(*) FROM customer_owner_change WHERE customer_id = ? AND kind = 'RECALL'", id));
            assertEquals(1L, count("SELECT count(*) FROM customer_history WHERE customer_id = ? AND action = 'RECALL'", id));
            assertEquals(1L, count("SELECT version FROM customer WHERE id = ? AND owner_id IS NULL", id));
            // In the change feed once for its creation and once for the recall.
            assertEquals(2L, count("SELECT count(*) FROM sync_change WHERE entity_id = ? AND entity_type = 'CUSTOMER'", id));
        }
        assertEquals(0, job.recallLapsed());
    }

    @Test
    void theScheduleRecallsOncePerPeriodInAllInstances() throws Exception {
        // Whatever turn an earlier test left, this period's is free.
        Sql.update(db, "UPDATE job_turn SET taken_at = now() - interval '1 day' WHERE job = 'claim-recall'");
        Org.Person rep = Org.rep();
        String first = Customers.create(rep.auth(), Org.unique("轮次回收"));
        protectUntilHoursAgo(db, first, 1);

        ExecutorService instances = Executors.newFixedThreadPool(3);
        List<Future<Integer>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                runs.add(instances.submit(() -> job.recallInTurn(Duration.ofHours(1))));
            }
            List<Integer> recalled = new ArrayList<>();
            for (Future<Integer> run : runs) {
                recalled.add(run.get(60, TimeUnit.SECONDS));
            }
            assertEquals(2, recalled.stream().filter(n -> n == -1).count(), "one instance scans: " + recalled);
            assertTrue(recalled.stream().anyMatch(n -> n >= 1), recalled.toString());
        } finally {
            instances.shutdownNow();
        }
        assertNull(get(rep.auth(), first).getString("ownerId"));

        String second = Customers.create(rep.auth(), Org.unique("轮次回收"));
        protectUntilHoursAgo(db, second, 1);
        assertEquals(-1, job.recallInTurn(Duration.ofHours(1)), "the period's scan happened");
        assertEquals(rep.id(), get(rep.auth(), second).getString("ownerId"));

        Sql.update(db, "UPDATE job_turn SET taken_at = now() - interval '55 minutes' WHERE job = 'claim-recall'");
        assertTrue(job.recallInTurn(Duration.ofHours(1)) >= 1);
        assertNull(get(rep.auth(), second).getString("ownerId"));
    }

    private long count(String sql, String id) {
        return ((Number) Sql.value(db, sql, UUID.fromString(id))).longValue();
    }

    /** The claimedAt the history recorded before the recall (the creation's), as the API shows it. */
    private static String recalledClaimedAt(Org.Person rep, String id) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) history(rep.auth(), id).get(1).get("changes");
        return (String) changes.stream().filter(c -> "claimedAt".equals(c.get("field"))).findFirst().orElseThrow()
                .get("newValue");
    }

    /** The changes of a history entry, checking that each new value is null. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> withoutNewValues(Map<String, Object> entry) {
        List<Map<String, Object>> changes = (List<Map<String, Object>>) entry.get("changes");
        changes.forEach(c -> assertTrue(c.containsKey("newValue") && c.get("newValue") == null, c.toString()));
        return changes.stream().map(c -> Map.of("field", c.get("field"), "oldValue", c.get("oldValue"))).toList();
    }
}
