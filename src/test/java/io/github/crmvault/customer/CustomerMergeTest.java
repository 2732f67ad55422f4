package io.github.crmvault.customer;

import static io.github.crmvault.support.OwnerMoves.customer;
import static org.hamcrest.Matchers.containsInAnyOrder;
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
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** POST /customers/{id}/merge: an admin merges a duplicate into its survivor. */
@QuarkusTest
class CustomerMergeTest {
    private static final String REASON = "同一家公司重复录入";

    @Inject
    DataSource dataSource;

    private static Response merge(String auth, String duplicateId, String survivorId) {
        Map<String, Object> body = new HashMap<>();
        body.put("survivorId", survivorId);
        body.put("reason", REASON);
        return Api.as(auth).body(body).post(customer(duplicateId) + "/merge");
    }

    @Test
    void contactsVisitsReviewsAndHistoryMoveToTheSurvivorAndTheDuplicatePointsToIt() {
        Region region = Region.create();
        Org.Person former = region.rep();
        Org.Person keeper = region.colleague();
        String duplicate = Customers.create(former.auth(), Org.unique("云栖科技"));
        String contact = OwnerMoves.contact(former.auth(), duplicate);
        String archivedContact = OwnerMoves.contact(former.auth(), duplicate);
        Api.as(former.auth()).post(customer(duplicate) + "/contacts/" + archivedContact + "/archive").then().statusCode(200);
        String visit = OwnerMoves.visit(former.auth(), duplicate);
        String review = Api.as(region.manager().auth()).body(Map.of("verdict", "GOOD"))
                .post("/api/v1/visits/" + visit + "/reviews").then().statusCode(201).extract().path("id");
        String survivor = Customers.create(keeper.auth(), Org.unique("杭州云栖科技有限公司"));
        String survivorContact = OwnerMoves.contact(keeper.auth(), survivor);
        int duplicateHistory = OwnerMoves.history(Org.ADMIN, duplicate).size();

        merge(Org.ADMIN, duplicate, survivor).then().statusCode(200)
                .body("contactsMoved", equalTo(2))
                .body("visitsMoved", equalTo(1))
                .body("reviewsMoved", equalTo(1))
                .body("historyEntriesMoved", equalTo(duplicateHistory))
                .body("survivor.id", equalTo(survivor))
                .body("survivor.archived", equalTo(false))
                .body("duplicate.id", equalTo(duplicate))
                .body("duplicate.archived", equalTo(true))
                .body("duplicate.mergedIntoId", equalTo(survivor))
                .body("duplicate.ownerId", equalTo(keeper.id()));

        // The survivor's owner has everything, under the survivor, with the same ids.
        Api.as(keeper.auth()).queryParam("includeArchived", "true").get(customer(survivor) + "/contacts").then()
                .statusCode(200).body("items.id", containsInAnyOrder(survivorContact, contact, archivedContact));
        Api.as(keeper.auth()).get(customer(survivor) + "/contacts/" + contact).then().statusCode(200)
                .body("customerId", equalTo(survivor));
        Problems.notFound(Api.as(keeper.auth()).get(customer(duplicate) + "/contacts/" + contact));
        Api.as(keeper.auth()).get(customer(survivor) + "/visits").then().statusCode(200).body("items.id", hasItem(visit));
        Api.as(keeper.auth()).get("/api/v1/visits/" + visit).then().statusCode(200).body("customerId", equalTo(survivor));
        Api.as(keeper.auth()).get("/api/v1/visits/" + visit + "/reviews").then().statusCode(200)
                .body("items.id", hasItem(review));

        // The survivor's history holds the duplicate's, topped by the merge that brought it.
        List<Map<String, Object>> history = OwnerMoves.history(keeper.auth(), survivor);
        Map<String, Object> top = history.get(0);
        assertEquals("MERGE", top.get("action"));
        assertEquals(REASON, top.get("reason"));
        assertEquals(Map.of(
                "mergedCustomerId", Arrays.asList(null, duplicate),
                "contactsMoved", Arrays.asList(null, 2),
                "visitsMoved", Arrays.asList(null, 1),
                "reviewsMoved", Arrays.asList(null, 1),
                "dealsMoved", Arrays.asList(null, 0),
                "historyEntriesMoved", Arrays.asList(null, duplicateHistory)), OwnerMoves.changes(top));
        assertTrue(history.stream().anyMatch(e -> "CREATE".equals(e.get("action")) && duplicate.equals(e.get("entityId"))
                && former.login().equals(e.get("actor"))), "the duplicate's creation is in the survivor's history");
        assertTrue(history.stream().anyMatch(e -> "VISIT".equals(e.get("entityType")) && visit.equals(e.get("entityId"))));

        // The duplicate: archived, pointing to the survivor, with the survivor's owner; its former owner lost it.
        Api.as(keeper.auth()).get(customer(duplicate)).then().statusCode(200)
                .body("archived", equalTo(true)).body("mergedIntoId", equalTo(survivor));
        Problems.notFound(Api.as(former.auth()).get(customer(duplicate)));
        List<Map<String, Object>> duplicateEntries = OwnerMoves.history(keeper.auth(), duplicate);
        assertEquals(List.of("MERGE", "MERGE"), duplicateEntries.stream().map(e -> e.get("action")).toList());
        assertEquals(Map.of("archived", List.of(false, true), "mergedIntoId", Arrays.asList(null, survivor)),
                OwnerMoves.changes(duplicateEntries.get(0)));
        assertEquals(List.of(former.id(), keeper.id()), OwnerMoves.changes(duplicateEntries.get(1)).get("ownerId"));
        assertEquals(List.of("MERGE", former.id(), keeper.id()), OwnerMoves.ownerLog(dataSource, duplicate).get(1).subList(0, 3));
        assertEquals(1, OwnerMoves.ownerLog(dataSource, survivor).size());

        // A merge is final.
        Problems.expect(Api.as(Org.ADMIN).post(customer(duplicate) + "/restore"), 409, "conflict")
                .body("detail", containsString("merged into " + survivor));
    }

    @Test
    void aDuplicateOfTheSameOwnerKeepsItsOwnershipLog() {
        Org.Person rep = Org.rep();
        String duplicate = Customers.create(rep.auth(), Org.unique("Same Owner Dup"));
        String survivor = Customers.create(rep.auth(), Org.unique("Same Owner"));
        merge(Org.ADMIN, duplicate, survivor).then().statusCode(200)
                .body("duplicate.ownerId", equalTo(rep.id())).body("contactsMoved", equalTo(0));
        assertEquals(1, OwnerMoves.ownerLog(dataSource, duplicate).size());
        assertEquals(List.of("MERGE"), OwnerMoves.history(rep.auth(), duplicate).stream().map(e -> e.get("action")).toList());
    }

    @Test
    void aPoolDuplicateFollowsItsSurvivorIntoTheOwnersHands() {
        Org.Person rep = Org.rep();
        String duplicate = Customers.create(Org.ADMIN, Org.unique("Pool Dup"));
        String survivor = Customers.create(rep.auth(), Org.unique("Owned Survivor"));
        merge(Org.ADMIN, duplicate, survivor).then().statusCode(200).body("duplicate.ownerId", equalTo(rep.id()));
        Api.as(rep.auth()).get(customer(duplicate)).then().statusCode(200).body("mergedIntoId", equalTo(survivor));
    }

    @Test
    void badMergesAreRefusedAndChangeNothing() {
        Region region = Region.create();
        String duplicate = Customers.create(region.rep().auth(), Org.unique("Refused Dup"));
        String contact = OwnerMoves.contact(region.rep().auth(), duplicate);
        String survivor = Customers.create(region.rep().auth(), Org.unique("Refused Survivor"));

        Problems.invalidField(merge(Org.ADMIN, duplicate, duplicate), "survivorId").body("detail", containsString("itself"));
        Problems.invalidField(merge(Org.ADMIN, duplicate, UUID.randomUUID().toString()), "survivorId");
        Problems.invalidField(merge(Org.ADMIN, duplicate, null), "survivorId");
        Problems.invalidField(Api.as(Org.ADMIN).body(Map.of("survivorId", survivor)).post(customer(duplicate) + "/merge"),
                "reason");
        Problems.notFound(merge(Org.ADMIN, UUID.randomUUID().toString(), survivor));
        Problems.forbidden(merge(region.manager().auth(), duplicate, survivor));
        Problems.forbidden(merge(region.rep().auth(), duplicate, survivor));
        Problems.expect(Api.as(Org.ADMIN).header("If-Match", "\"7\"").body(Map.of("survivorId", survivor, "reason", REASON))
                .post(customer(duplicate) + "/merge"), 412, "precondition-failed");

        String archived = Customers.create(region.rep().auth(), Org.unique("Archived Survivor"));
        Api.as(region.rep().auth()).post(customer(archived) + "/archive").then().statusCode(200);
        Problems.expect(merge(Org.ADMIN, duplicate, archived), 409, "conflict").body("detail", containsString("archived"));
        Problems.expect(merge(Org.ADMIN, archived, survivor), 409, "conflict").body("detail", containsString("archived"));

        // Nothing moved, nothing was archived or recorded.
        Api.as(region.rep().auth()).get(customer(duplicate)).then().statusCode(200)
                .body("archived", equalTo(false)).body("mergedIntoId", nullValue()).body("version", equalTo(0));
        Api.as(region.rep().auth()).get(customer(duplicate) + "/contacts/" + contact).then().statusCode(200)
                .body("customerId", equalTo(duplicate)).body("version", equalTo(0));
        assertTrue(OwnerMoves.history(Org.ADMIN, duplicate, "MERGE").isEmpty());
        assertTrue(OwnerMoves.history(Org.ADMIN, survivor, "MERGE").isEmpty());

        // Merged once, a duplicate is not merged again, nor is anything merged into it.
        merge(Org.ADMIN, duplicate, survivor).then().statusCode(200);
        String third = Customers.create(region.rep().auth(), Org.unique("Third"));
        Problems.expect(merge(Org.ADMIN, duplicate, third), 409, "conflict").body("detail", containsString("already merged"));
        Problems.expect(merge(Org.ADMIN, third, duplicate), 409, "conflict").body("detail", containsString("merged into " + survivor));
        Api.as(region.rep().auth()).get(customer(third)).then().statusCode(200).body("version", equalTo(0));
    }
}
