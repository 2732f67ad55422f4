package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.giveCustomers;
import static io.github.crmvault.claim.ClaimTestSupport.history;
import static io.github.crmvault.claim.ClaimTestSupport.ownership;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Claims under real concurrency: parallel HTTP requests, released together. */
@QuarkusTest
class ClaimConcurrencyTest {
    @Inject
    DataSource db;

    private static long count(List<Response> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }

    @Test
    void ofFiftyRepsClaimingOnePoolCustomerExactlyOneGetsIt() throws Exception {
        String team = Org.team(Org.unique("抢客户"), null, null);
        List<Org.Person> reps = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reps.add(OrgAdmin.person(team, "sales"));
        }
        String id = poolCustomer(Org.unique("热门客户"));

        List<Response> responses = Parallel.requests(50, n -> claim(reps.get(n).auth(), id));

        assertEquals(1, count(responses, 200), responses.stream().map(Response::statusCode).toList().toString());
        // The others lost the race and are told so, though the customer has left their view.
        assertEquals(49, count(responses, 409));
        int winner = 0;
        while (responses.get(winner).statusCode() != 200) {
            winner++;
        }
        Org.Person owner = reps.get(winner);
        assertEquals(owner.id(), get(owner.auth(), id).getString("ownerId"));
        assertEquals(1, get(owner.auth(), id).getInt("version"));
        assertEquals(List.of("CLAIM", "CREATE"), history(owner.auth(), id).stream().map(e -> e.get("action")).toList());
        assertEquals(List.of("CLAIM", "CREATE"), ownership(owner.auth(), id).stream().map(e -> e.get("kind")).toList());
    }

    @Test
    void aReleaseCommittedWhileTheRepsClaimWaitsForTheCustomerStartsTheCoolDown() throws Exception {
        Org.Person rep = Org.rep();
        String id = poolCustomer(Org.unique("边退边领"));
        claim(rep.auth(), id).then().statusCode(200);
        try (Connection release = db.getConnection()) {
            release.setAutoCommit(false);
            // The rep's release, in SQL so that its transaction can hold the customer's lock while the claim comes.
            run(release, "SELECT id FROM customer WHERE id = ? FOR UPDATE", UUID.fromString(id));
            CompletableFuture<Response> claimed = CompletableFuture.supplyAsync(() -> claim(rep.auth(), id));
            int pid = backendPid(release);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (((Number) Sql.value(db, "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
                    pid)).longValue() == 0) {
                assertTrue(System.nanoTime() < deadline, "the claim never waited for the customer's lock");
                Thread.sleep(20);
            }
            run(release, "UPDATE customer SET owner_id = NULL, claimed_at = NULL, protected_until = NULL,"
                    + " version = version + 1 WHERE id = ?", UUID.fromString(id));
            run(release, "INSERT INTO customer_owner_change (customer_id, old_owner_key, new_owner_key, actor, kind)"
                    + " VALUES (?, ?, ?, 'test', 'RELEASE')", UUID.fromString(id), UUID.fromString(rep.id()), new UUID(0L, 0L));
            release.commit();

            // The claim's rules read after its locks: the release it waited for counts.
            Problems.expect(claimed.get(30, TimeUnit.SECONDS), 409, "claim-cool-down");
        }
        assertNull(get(Org.ADMIN, id).getString("ownerId"));
    }

    private static void run(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    @Test
    void aRepOneBelowTheLimitClaimingFiveAtOnceGetsExactlyOne() throws Exception {
        Org.Person rep = Org.rep();
        giveCustomers(db, rep.id(), 99);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pool.add(poolCustomer(Org.unique("同时领取")));
        }

        List<Response> responses = Parallel.requests(5, n -> claim(rep.auth(), pool.get(n)));

        assertEquals(1, count(responses, 200), responses.stream().map(Response::statusCode).toList().toString());
        for (Response response : responses) {
            if (response.statusCode() != 200) {
                assertEquals(409, response.statusCode());
                assertEquals("urn:problem:crm:claim-limit-reached", response.jsonPath().getString("type"));
            }
        }
        long held = ((Number) Sql.value(db, "SELECT count(*) FROM customer WHERE owner_id = ?",
                UUID.fromString(rep.id()))).longValue();
        assertEquals(100, held);
        long stillInPool = pool.stream().filter(id -> get(Org.ADMIN, id).getString("ownerId") == null).count();
        assertEquals(4, stillInPool);
        pool.stream().filter(id -> get(Org.ADMIN, id).getString("ownerId") == null)
                .forEach(id -> assertNull(get(Org.ADMIN, id).getString("claimedAt")));
    }

    /**
     * A claim rewrites its customer out of place, so each GIN index of customer gets its entries. A pending
     * list that a claim fills moves into the tree inside that claim (0.1-1 s at 1M customers, V38) while it
     * holds its rep's user row, and the rep's next claims queue behind it. Only the name search index keeps
     * one (V42), drained in the background by CustomerSearchDrainJob and bounded for when nobody drains.
     */
    @Test
    void onlyTheSearchIndexKeepsAPendingListAndItIsBounded() {
        Object withList = Sql.value(db, "SELECT string_agg(c.relname || ' ' || array_to_string(c.reloptions, ' '), ', ')"
                + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                + " WHERE i.indrelid = 'customer'::regclass AND a.amname = 'gin'"
                + " AND NOT coalesce('fastupdate=off' = ANY(c.reloptions), false)");
        assertEquals("customer_owner_search_idx fastupdate=on gin_pending_list_limit=1024", withList,
                "GIN indexes of customer with a pending list");
        // The check itself finds the GIN indexes (search and tags).
        assertEquals(2L, ((Number) Sql.value(db, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'customer'::regclass AND a.amname = 'gin'")).longValue());
    }
}
