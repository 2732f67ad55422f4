package io.github.crmvault.claim;

import static io.github.crmvault.support.OwnerMoves.customer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** POST /customers/{id}/transfer: managers within the subtrees they manage, admins anywhere. */
@QuarkusTest
class TransferTest {
    private static final String REASON = "区域调整：客户迁至滨江区";

    @Inject
    DataSource dataSource;

    private static Response transfer(String auth, String customerId, String toUserId, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("toUserId", toUserId);
        body.put("reason", reason);
        return Api.as(auth).body(body).post(customer(customerId) + "/transfer");
    }

    @Test
    void aManagerTransfersWithinTheirSubtreeAndTheNewOwnerGetsEverything() {
        Region region = Region.create();
        String id = Customers.create(region.rep().auth(), Org.unique("Transfer Co"));
        String contactId = OwnerMoves.contact(region.rep().auth(), id);
        String visitId = OwnerMoves.visit(region.rep().auth(), id);
        JsonPath before = OwnerMoves.get(region.manager().auth(), id);

        Instant start = Instant.now();
        var moved = transfer(region.manager().auth(), id, region.colleague().id(), "  " + REASON + " ").then()
                .statusCode(200)
                .body("ownerId", equalTo(region.colleague().id()))
                .body("version", equalTo(before.getInt("version") + 1))
                .header("ETag", equalTo("\"" + (before.getInt("version") + 1) + "\""))
                .extract().jsonPath();
        // A fresh, full protection period for the new owner.
        Instant claimedAt = Instant.parse(moved.getString("claimedAt"));
        assertTrue(!claimedAt.isBefore(start.minusSeconds(5)), "claimed at the transfer: " + claimedAt);
        Duration protection = Duration.between(claimedAt, Instant.parse(moved.getString("protectedUntil")));
        assertTrue(Duration.ofDays(30).minus(protection).abs().getSeconds() < 60, "30 days of protection: " + protection);

        // The new owner sees the customer, its contacts and visits; the former owner sees none of it.
        String newOwner = region.colleague().auth();
        OwnerMoves.get(newOwner, id);
        Api.as(newOwner).get(customer(id) + "/contacts/" + contactId).then().statusCode(200);
        Api.as(newOwner).get(customer(id) + "/visits").then().statusCode(200).body("items.id", hasItem(visitId));
        Api.as(newOwner).get("/api/v1/visits/" + visitId).then().statusCode(200);
        String formerOwner = region.rep().auth();
        Problems.notFound(Api.as(formerOwner).get(customer(id)));
        Problems.notFound(Api.as(formerOwner).get(customer(id) + "/contacts/" + contactId));
        Problems.notFound(Api.as(formerOwner).get("/api/v1/visits/" + visitId));

        // Recorded in the history, with who, why and what changed ...
        List<Map<String, Object>> entries = OwnerMoves.history(newOwner, id, "TRANSFER");
        assertEquals(1, entries.size());
        Map<String, Object> entry = entries.get(0);
        assertEquals(region.manager().login(), entry.get("actor"));
        assertEquals(REASON, entry.get("reason"));
        assertEquals("CUSTOMER", entry.get("entityType"));
        Map<String, List<Object>> changes = OwnerMoves.changes(entry);
        assertEquals(List.of(region.rep().id(), region.colleague().id()), changes.get("ownerId"));
        assertEquals(java.util.Arrays.asList(before.getString("claimedAt"), moved.getString("claimedAt")),
                changes.get("claimedAt"));
        // ... and in the ownership log, after the creation.
        assertEquals(List.of(
                java.util.Arrays.asList("CREATE", null, region.rep().id(), region.rep().login(), null),
                List.of("TRANSFER", region.rep().id(), region.colleague().id(), region.manager().login(), REASON)),
                OwnerMoves.ownerLog(dataSource, id));
    }

    @Test
    void aManagerMayTakeACustomerThemselvesAndGiveTheirOwnAway() {
        Region region = Region.create();
        String id = Customers.create(region.rep().auth(), Org.unique("To the manager"));
        transfer(region.manager().auth(), id, region.manager().id(), REASON).then().statusCode(200)
                .body("ownerId", equalTo(region.manager().id()));
        transfer(region.manager().auth(), id, region.rep().id(), REASON).then().statusCode(200)
                .body("ownerId", equalTo(region.rep().id()));
    }

    @Test
    void anAdminTransfersAcrossTeamsAndAssignsPoolCustomers() {
        Org.Person rep = Org.rep();
        Org.Person elsewhere = Org.rep();
        String owned = Customers.create(rep.auth(), Org.unique("Across Co"));
        transfer(Org.ADMIN, owned, elsewhere.id(), REASON).then().statusCode(200).body("ownerId", equalTo(elsewhere.id()));
        OwnerMoves.get(elsewhere.auth(), owned);

        String pooled = Customers.create(Org.ADMIN, Org.unique("Pool Co"));
        transfer(Org.ADMIN, pooled, rep.id(), REASON).then().statusCode(200).body("ownerId", equalTo(rep.id()));
        assertEquals(List.of("TRANSFER", io.github.crmvault.common.security.Visibility.POOL.toString(), rep.id()),
                OwnerMoves.ownerLog(dataSource, pooled).get(1).subList(0, 3));
    }

    @Test
    void aSignedCustomerCanBeTransferred() {
        Org.Person rep = Org.rep();
        Org.Person next = Org.rep();
        String id = Customers.signed(rep.auth(), Org.unique("Signed Co"));
        transfer(Org.ADMIN, id, next.id(), REASON).then().statusCode(200)
                .body("ownerId", equalTo(next.id())).body("status", equalTo("SIGNED"));
    }

    @Test
    void aManagerCannotReachOutsideTheirSubtree() {
        Region region = Region.create();
        Region other = Region.create();
        String id = Customers.create(region.rep().auth(), Org.unique("Guarded Co"));

        // The customer of a rep they do not manage is invisible to them: 404, as if it did not exist.
        Problems.notFound(transfer(other.manager().auth(), id, other.rep().id(), REASON));
        // A target outside their subtree is refused.
        Problems.forbidden(transfer(region.manager().auth(), id, other.rep().id(), REASON))
                .body("detail", containsString("toUserId"));
        // The pool is claimed by reps or assigned by admins, not pulled into a team by its manager.
        String pooled = Customers.create(Org.ADMIN, Org.unique("Pooled Co"));
        Problems.forbidden(transfer(region.manager().auth(), pooled, region.rep().id(), REASON))
                .body("detail", containsString("pool"));
        Api.as(Org.ADMIN).get(customer(pooled)).then().statusCode(200).body("ownerId", nullValue());
        assertUnchanged(region.rep(), id);
    }

    @Test
    void badTargetsAndBadStatesAreRefusedAndChangeNothing() {
        Region region = Region.create();
        String id = Customers.create(region.rep().auth(), Org.unique("Steady Co"));
        String manager = region.manager().auth();

        // A deactivated user (who owns nothing, so could be deactivated) cannot receive customers.
        Org.Person gone = OrgAdmin.person(Org.team(Org.unique("t"), null, null), "sales");
        OrgAdmin.setUserActive(gone.id(), false);
        Problems.invalidField(transfer(Org.ADMIN, id, gone.id(), REASON), "toUserId")
                .body("detail", containsString("deactivated"));
        Problems.invalidField(transfer(Org.ADMIN, id, UUID.randomUUID().toString(), REASON), "toUserId");
        Problems.expect(transfer(manager, id, region.rep().id(), REASON), 409, "conflict")
                .body("detail", containsString("already belongs"));
        Problems.invalidField(transfer(manager, id, region.colleague().id(), null), "reason");
        Problems.invalidField(transfer(manager, id, region.colleague().id(), " "), "reason");
        Problems.invalidField(transfer(manager, id, region.colleague().id(), "x".repeat(501)), "reason");
        Problems.invalidField(transfer(manager, id, null, REASON), "toUserId");
        Problems.invalidField(transfer(manager, id, "not-a-uuid", REASON), "toUserId");
        Problems.invalidField(Api.as(manager).body(Map.of("toUserId", region.colleague().id(), "reason", REASON,
                "ownerId", region.colleague().id())).post(customer(id) + "/transfer"), "ownerId");
        Problems.expect(Api.as(manager).header("If-Match", "\"99\"").body(Map.of("toUserId", region.colleague().id(),
                "reason", REASON)).post(customer(id) + "/transfer"), 412, "precondition-failed");
        assertUnchanged(region.rep(), id);

        Api.as(region.rep().auth()).post(customer(id) + "/archive").then().statusCode(200);
        Problems.expect(transfer(manager, id, region.colleague().id(), REASON), 409, "conflict")
                .body("detail", containsString("archived"));
        Api.as(Org.ADMIN).get(customer(id)).then().statusCode(200).body("ownerId", equalTo(region.rep().id()));
        assertTrue(OwnerMoves.history(Org.ADMIN, id, "TRANSFER").isEmpty());
    }

    @Test
    void aCurrentIfMatchIsAccepted() {
        Org.Person rep = Org.rep();
        Org.Person next = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Matched Co"));
        String etag = Api.as(rep.auth()).get(customer(id)).then().extract().header("ETag");
        Api.as(Org.ADMIN).header("If-Match", etag).body(Map.of("toUserId", next.id(), "reason", REASON))
                .post(customer(id) + "/transfer").then().statusCode(200).body("ownerId", equalTo(next.id()));
    }

    /** Still the rep's, at its first version, with nothing but its creation in the ownership log. */
    private void assertUnchanged(Org.Person rep, String id) {
        Api.as(rep.auth()).get(customer(id)).then().statusCode(200)
                .body("ownerId", equalTo(rep.id())).body("version", equalTo(0));
        assertEquals(1, OwnerMoves.ownerLog(dataSource, id).size());
        assertTrue(OwnerMoves.history(rep.auth(), id, "TRANSFER").isEmpty());
    }
}
