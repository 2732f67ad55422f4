package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.customer;
import static io.github.crmvault.claim.ClaimTestSupport.giveCustomers;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.protectUntilHoursAgo;
import static io.github.crmvault.claim.ClaimTestSupport.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The claim cap's held counts (V44: a statement trigger on customer keeps customer_held) against a recount
 * of the customers after every way a customer enters or leaves a rep's count, and under concurrent claims
 * and releases; and the cap, which reads them.
 */
@QuarkusTest
class HeldCountTest {
    /** Owners whose row differs from a recount of their live unsigned customers (no row: zero). */
    private static final String MISMATCHES = "SELECT count(*) FROM (SELECT owner_id, count(*) AS n FROM customer"
            + " WHERE owner_id IS NOT NULL AND NOT archived AND status <> 'SIGNED' GROUP BY owner_id) r"
            + " FULL JOIN (SELECT owner_id, held FROM customer_held WHERE held <> 0) h ON h.owner_id = r.owner_id"
            + " WHERE r.n IS DISTINCT FROM h.held";

    @Inject
    DataSource db;
    @Inject
    RecallJob recall;

    /** Every owner's count equals the recount, and this owner's is {@code expected}. */
    private void check(String owner, long expected, String step) {
        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES)).longValue(), step + ": owners whose count disagrees");
        assertEquals(expected, ((Number) Sql.value(db, "SELECT coalesce(max(held), 0) FROM customer_held WHERE owner_id = ?",
                UUID.fromString(owner))).longValue(), step);
    }

    private static void post(String auth, String path, Map<String, Object> body) {
        Api.as(auth).body(body).post(path).then().statusCode(200);
    }

    @Test
    void theCountFollowsEveryWayACustomerChanges() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        Org.Person colleague = region.colleague();
        String a = Customers.create(rep.auth(), Org.unique("持有甲"));
        String b = Customers.create(rep.auth(), Org.unique("持有乙"));
        check(rep.id(), 2, "two customers created");

        Api.as(rep.auth()).post(customer(b) + "/archive").then().statusCode(200);
        check(rep.id(), 1, "archived");
        Api.as(rep.auth()).post(customer(b) + "/restore").then().statusCode(200);
        check(rep.id(), 2, "restored");

        String signed = Customers.signed(rep.auth(), Org.unique("持有签约"));
        check(rep.id(), 2, "created and signed by a deal");
        String deal = Api.as(rep.auth()).get(customer(signed) + "/deals").then().statusCode(200).extract().path("items[0].id");
        post(rep.auth(), customer(signed) + "/deals/" + deal + "/cancel", Map.of("reason", "客户撤回"));
        check(rep.id(), 3, "its only deal cancelled");

        release(rep.auth(), a, "不再跟进").then().statusCode(200);
        check(rep.id(), 2, "released");
        String pooled = poolCustomer(Org.unique("持有公海"));
        claim(colleague.auth(), pooled).then().statusCode(200);
        check(colleague.id(), 1, "a pool customer claimed");
        post(region.manager().auth(), customer(pooled) + "/transfer", Map.of("toUserId", rep.id(), "reason", "调整"));
        check(colleague.id(), 0, "transferred away");
        check(rep.id(), 3, "transferred in");
        protectUntilHoursAgo(db, pooled, 1);
        assertTrue(recall.recallLapsed() >= 1);
        check(rep.id(), 2, "recalled");

        String survivor = Customers.create(colleague.auth(), Org.unique("持有存续"));
        String duplicate = Customers.create(colleague.auth(), Org.unique("持有重复"));
        check(colleague.id(), 2, "before a merge");
        post(Org.ADMIN, customer(duplicate) + "/merge", Map.of("survivorId", survivor, "reason", "重复录入"));
        check(colleague.id(), 1, "merged: the duplicate is archived");

        post(Org.ADMIN, "/api/v1/users/" + rep.id() + "/handover", Map.of("toUserId", colleague.id(), "reason", "离职"));
        check(rep.id(), 0, "handed over");
        check(colleague.id(), 3, "received by handover");
        post(Org.ADMIN, "/api/v1/users/" + colleague.id() + "/handover", Map.of("toPool", true, "reason", "离职"));
        check(colleague.id(), 0, "handed over to the pool");

        // Writes outside the API, one and many rows, several owners in one statement.
        Org.Person other = Org.rep();
        giveCustomers(db, rep.id(), 3);
        giveCustomers(db, other.id(), 2);
        check(rep.id(), 3, "inserted by SQL");
        Sql.update(db, "UPDATE customer SET owner_id = CASE owner_id WHEN ? THEN ? ELSE ? END WHERE owner_id IN (?, ?)",
                UUID.fromString(rep.id()), UUID.fromString(other.id()), UUID.fromString(rep.id()),
                UUID.fromString(rep.id()), UUID.fromString(other.id()));
        check(rep.id(), 2, "two owners swapped in one statement");
        check(other.id(), 3, "two owners swapped in one statement, the other");
        Sql.update(db, "UPDATE customer SET status = 'SIGNED' WHERE owner_id = ? AND id IN"
                + " (SELECT id FROM customer WHERE owner_id = ? LIMIT 1)", UUID.fromString(other.id()), UUID.fromString(other.id()));
        check(other.id(), 2, "signed by SQL");
        Sql.update(db, "UPDATE customer SET notes = 'no counted column' WHERE owner_id = ?", UUID.fromString(other.id()));
        check(other.id(), 2, "an update of nothing counted");
        Sql.update(db, "DELETE FROM customer WHERE owner_id = ?", UUID.fromString(rep.id()));
        check(rep.id(), 0, "deleted by SQL");
    }

    /**
     * One rep claims 12 pool customers and releases 8 of their own at once, while 8 colleagues claim too:
     * the counts stay exact, and the cap, which reads them, lets the rep hold no more than it says.
     */
    @Test
    void concurrentClaimsAndReleasesLeaveTheCountExact() throws Exception {
        Org.Person rep = Org.rep();
        List<String> own = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = poolCustomer(Org.unique("并发持有"));
            claim(rep.auth(), id).then().statusCode(200);
            own.add(id);
        }
        List<Org.Person> colleagues = new ArrayList<>();
        List<String> pooled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pooled.add(poolCustomer(Org.unique("并发公海")));
            colleagues.add(i < 8 ? Org.rep() : rep);
        }
        check(rep.id(), 8, "before");

        List<Response> responses = Parallel.requests(28, n -> n < 20 ? claim(colleagues.get(n).auth(), pooled.get(n))
                : release(rep.auth(), own.get(n - 20), "并发退回"));
        responses.forEach(r -> assertEquals(200, r.statusCode(), r.asString()));
        check(rep.id(), 12, "12 claimed, 8 released");
        for (int i = 0; i < 8; i++) {
            check(colleagues.get(i).id(), 1, "a colleague's claim");
        }

        // At the cap (12 held, limit 100): 88 more by SQL, then one claim more is refused with the count.
        giveCustomers(db, rep.id(), 88);
        String onTop = poolCustomer(Org.unique("超限"));
        Response refused = claim(rep.auth(), onTop);
        assertEquals(409, refused.statusCode(), refused.asString());
        assertEquals(100, refused.jsonPath().getInt("held"));
        check(rep.id(), 100, "refused at the cap");
    }
}
