package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.archivedCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.giveCustomers;
import static io.github.crmvault.claim.ClaimTestSupport.history;
import static io.github.crmvault.claim.ClaimTestSupport.ownership;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.release;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Claiming pool customers and releasing them: the rules, and what each records. */
@QuarkusTest
class ClaimApiTest {
    @Inject
    DataSource db;

    @Test
    void aClaimMakesTheCallerOwnerProtectedForTheProtectionPeriod() {
        Org.Person rep = Org.rep();
        String id = poolCustomer(Org.unique("领取客户"));

        JsonPath claimed = claim(rep.auth(), id).then().statusCode(200).header("ETag", "\"1\"").extract().jsonPath();

        assertEquals(rep.id(), claimed.getString("ownerId"));
        Instant claimedAt = Instant.parse(claimed.getString("claimedAt"));
        Instant protectedUntil = Instant.parse(claimed.getString("protectedUntil"));
        assertTrue(Duration.between(claimedAt, Instant.now()).abs().toMinutes() < 1, "claimed now: " + claimedAt);
        assertTrue(Duration.between(claimedAt.plus(30, ChronoUnit.DAYS), protectedUntil).abs().toMillis() < 1000,
                "protected 30 days from the claim: " + claimedAt + " / " + protectedUntil);
        assertEquals(claimed.getString("ownerId"), get(rep.auth(), id).getString("ownerId"));

        Map<String, Object> entry = history(rep.auth(), id).get(0);
        assertEquals("CLAIM", entry.get("action"));
        assertEquals(rep.login(), entry.get("actor"));
        assertTrue(entry.toString().contains("ownerId"), entry.toString());

        Map<String, Object> owned = ownership(rep.auth(), id).get(0);
        assertEquals("CLAIM", owned.get("kind"));
        assertEquals(rep.login(), owned.get("actor"));
        assertEquals(Map.of("pool", true), owned.get("from"));
        assertEquals(Map.of("pool", false, "userId", rep.id(), "displayName", "User " + rep.login()), owned.get("to"));
    }

    @Test
    void aCustomerWithAnOwnerIsNotClaimed() {
        Org.Person rep = Org.rep();
        String own = Customers.create(rep.auth(), Org.unique("自己的客户"));
        Problems.expect(claim(rep.auth(), own), 409, "customer-owned").body("detail", equalTo("You own this customer already"));

        // A manager sees the customers of their reps, so learns that one has an owner.
        ClaimTestSupport.Region region = ClaimTestSupport.Region.create();
        String repsCustomer = Customers.create(region.rep().auth(), Org.unique("下属的客户"));
        Problems.expect(claim(region.manager().auth(), repsCustomer), 409, "customer-owned");
        assertEquals(region.rep().id(), get(region.rep().auth(), repsCustomer).getString("ownerId"));
        assertEquals(0, get(region.rep().auth(), repsCustomer).getInt("version"));

        // Another rep, who cannot see it, learns only that it has an owner: not who, nothing else.
        Problems.expect(claim(rep.auth(), repsCustomer), 409, "customer-owned")
                .body("detail", equalTo("The customer already has an owner"));
        Problems.notFound(Api.as(rep.auth()).get(ClaimTestSupport.customer(repsCustomer)));
        Problems.notFound(claim(rep.auth(), UUID.randomUUID().toString()));
        Problems.invalidField(claim(rep.auth(), "not-a-uuid"), "id");
    }

    @Test
    void anArchivedPoolCustomerIsNotClaimed() {
        String id = archivedCustomer(Org.ADMIN, Org.unique("归档公海"));
        Org.Person rep = Org.rep();

        Problems.expect(claim(rep.auth(), id), 409, "conflict");
        JsonPath stored = get(rep.auth(), id);
        assertNull(stored.getString("ownerId"));
        assertEquals(1, stored.getInt("version"));
    }

    @Test
    void aRepAtTheLimitClaimsNoMoreAndSignedOrArchivedCustomersDoNotCount() {
        Org.Person rep = Org.rep();
        giveCustomers(db, rep.id(), 99);
        claim(rep.auth(), poolCustomer(Org.unique("第一百个"))).then().statusCode(200);

        String oneTooMany = poolCustomer(Org.unique("第一百零一个"));
        Problems.expect(claim(rep.auth(), oneTooMany), 409, "claim-limit-reached")
                .body("limit", equalTo(100)).body("held", equalTo(100));
        assertNull(get(rep.auth(), oneTooMany).getString("ownerId"));

        // A signed customer is an account, not a prospect; an archived one is held by nobody.
        Sql.update(db, "UPDATE customer SET status = 'SIGNED' WHERE id IN"
                + " (SELECT id FROM customer WHERE owner_id = ? AND name LIKE 'filler%' LIMIT 1)", UUID.fromString(rep.id()));
        claim(rep.auth(), oneTooMany).then().statusCode(200);
        String next = poolCustomer(Org.unique("又一个"));
        Problems.expect(claim(rep.auth(), next), 409, "claim-limit-reached");
        Sql.update(db, "UPDATE customer SET archived = true WHERE id IN (SELECT id FROM customer WHERE owner_id = ?"
                + " AND name LIKE 'filler%' AND status = 'LEAD' LIMIT 1)", UUID.fromString(rep.id()));
        claim(rep.auth(), next).then().statusCode(200);
    }

    @Test
    void aRepWhoReleasedACustomerWaitsTheCoolDownBeforeClaimingItAgain() {
        Org.Person rep = Org.rep();
        String id = poolCustomer(Org.unique("冷却期"));
        claim(rep.auth(), id).then().statusCode(200);
        release(rep.auth(), id, "暂无需求").then().statusCode(200);

        Instant releasedAt = Instant.parse((String) ownership(rep.auth(), id).get(0).get("at"));
        Problems.expect(claim(rep.auth(), id), 409, "claim-cool-down")
                .body("claimableAt", equalTo(releasedAt.plus(7, ChronoUnit.DAYS).toString()));
        assertNull(get(rep.auth(), id).getString("ownerId"));

        // The cool-down is the releasing rep's alone.
        Org.Person colleague = Org.rep();
        claim(colleague.auth(), id).then().statusCode(200);
        release(colleague.auth(), id, "交回公海").then().statusCode(200);

        // Seven days after the release it is over.
        Sql.update(db, "UPDATE customer_owner_change SET at = at - interval '7 days' WHERE customer_id = ?"
                + " AND old_owner_key = ?", UUID.fromString(id), UUID.fromString(rep.id()));
        claim(rep.auth(), id).then().statusCode(200).body("ownerId", equalTo(rep.id()));
    }

    @Test
    void anAdminWithoutAUserRecordClaimsNothing() {
        String id = poolCustomer(Org.unique("无人"));
        String adminRep = Tokens.bearer(Org.unique("admin-rep"), "admin", "sales");
        Problems.forbidden(claim(adminRep, id));
        assertNull(get(Org.ADMIN, id).getString("ownerId"));
    }

    @Test
    void theOwnerReleasesWithAReasonAndTheChangeIsRecorded() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("退回客户"));

        JsonPath released = release(rep.auth(), id, "  客户已选择竞争对手  ").then().statusCode(200)
                .header("ETag", "\"1\"").extract().jsonPath();
        assertNull(released.getString("ownerId"));
        assertNull(released.getString("claimedAt"));
        assertNull(released.getString("protectedUntil"));

        Map<String, Object> entry = history(rep.auth(), id).get(0);
        assertEquals("RELEASE", entry.get("action"));
        assertEquals("客户已选择竞争对手", entry.get("reason"));
        List<Map<String, Object>> log = ownership(rep.auth(), id);
        assertEquals(List.of("RELEASE", "CREATE"), log.stream().map(e -> e.get("kind")).toList());
        assertEquals("客户已选择竞争对手", log.get(0).get("reason"));
        assertEquals(rep.id(), ((Map<?, ?>) log.get(0).get("from")).get("userId"));
        assertEquals(Map.of("pool", true), log.get(0).get("to"));
        assertFalse(log.get(1).containsKey("from"), "a creation comes from nobody");

        Problems.expect(release(rep.auth(), id, "again"), 409, "customer-in-pool");
    }

    @Test
    void aReleaseNeedsAReasonAndChangesNothingWithoutOne() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("理由"));
        String path = ClaimTestSupport.customer(id) + "/release";

        Problems.expect(Api.as(rep.auth()).post(path), 400, "validation");
        Problems.invalidField(release(rep.auth(), id, "   "), "reason");
        Problems.invalidField(release(rep.auth(), id, "理".repeat(501)), "reason");
        Problems.invalidField(Api.as(rep.auth()).body(Map.of("reason", 5)).post(path), "reason");
        Problems.invalidField(Api.as(rep.auth()).body(Map.of("reason", "ok", "ownerId", rep.id())).post(path), "ownerId");
        Problems.expect(Api.as(rep.auth()).body("{\"reason\": ").post(path), 400, "malformed-body");

        JsonPath stored = get(rep.auth(), id);
        assertEquals(rep.id(), stored.getString("ownerId"));
        assertEquals(0, stored.getInt("version"));
        release(rep.auth(), id, "理".repeat(500)).then().statusCode(200);
    }

    @Test
    void whoMayRelease() {
        ClaimTestSupport.Region region = ClaimTestSupport.Region.create();
        Org.Person stranger = Org.rep();
        String id = Customers.create(region.rep().auth(), Org.unique("谁能退回"));

        Problems.notFound(release(stranger.auth(), id, "not mine"));
        String strangerManagerLogin = Org.unique("mgr");
        Org.user(strangerManagerLogin, null);
        Problems.notFound(release(Tokens.bearer(strangerManagerLogin, "manager"), id, "not my team"));

        release(region.manager().auth(), id, "重新分配").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("ownerId")));
        assertEquals(region.manager().login(), history(region.rep().auth(), id).get(0).get("actor"));

        String other = Customers.create(region.rep().auth(), Org.unique("管理员退回"));
        release(Org.ADMIN, other, "清理").then().statusCode(200);

        String archived = archivedCustomer(region.rep().auth(), Org.unique("归档的"));
        Problems.expect(release(region.rep().auth(), archived, "归档"), 409, "conflict");
        assertEquals(region.rep().id(), get(region.rep().auth(), archived).getString("ownerId"));
        Api.as(region.rep().auth()).get(ClaimTestSupport.customer(archived) + "/ownership").then().statusCode(200)
                .body("items.kind", hasItem("CREATE"));
    }
}
