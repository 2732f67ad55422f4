package io.github.crmvault.deal;

import static io.github.crmvault.deal.DealTestSupport.body;
import static io.github.crmvault.deal.DealTestSupport.cancel;
import static io.github.crmvault.deal.DealTestSupport.customer;
import static io.github.crmvault.deal.DealTestSupport.customerDue;
import static io.github.crmvault.deal.DealTestSupport.deals;
import static io.github.crmvault.deal.DealTestSupport.history;
import static io.github.crmvault.deal.DealTestSupport.poolCustomer;
import static io.github.crmvault.deal.DealTestSupport.record;
import static io.github.crmvault.deal.DealTestSupport.recorded;
import static io.github.crmvault.deal.DealTestSupport.today;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recording, reading and cancelling deals: the rules, and what each records. */
@QuarkusTest
class DealApiTest {
    @Test
    void anAmountIsADecimalStringAndAJsonNumberIsRefusedNamingTheField() {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        // What JavaScript's 0.1 + 0.2 sends: refused, never rounded into the books.
        Problems.invalidField(Api.as(rep.auth()).body("{\"amount\":0.30000000000000004,\"currency\":\"CNY\","
                        + "\"signedOn\":\"" + today() + "\",\"product\":\"x\"}").post(deals(customerId)), "amount")
                .body("errors[0].message", org.hamcrest.Matchers.containsString("decimal string"));
        Response created = record(rep.auth(), customerId, body("19.9", today().toString()));
        created.then().statusCode(201);
        assertEquals("19.90", created.jsonPath().getString("amount"));
    }

    @Test
    void theOwnerRecordsADealTheCustomerIsSignedAndTheOwnerCredited() {
        Org.Person rep = Org.rep();
        LocalDate due = today().plusDays(20);
        String customerId = customerDue(rep.auth(), due);

        Response created = record(rep.auth(), customerId, body("128000.5", today().minusDays(1).toString()));
        created.then().statusCode(201).header("ETag", "\"0\"");
        JsonPath deal = created.jsonPath();
        String dealId = deal.getString("id");
        assertEquals("/api/v1/customers/" + customerId + "/deals/" + dealId,
                java.net.URI.create(created.header("Location")).getPath());
        assertEquals(customerId, deal.getString("customerId"));
        assertEquals(rep.id(), deal.getString("ownerId"));
        assertEquals("128000.50", deal.getString("amount"), "a decimal string, always with 2 decimals");
        assertEquals("CNY", deal.getString("currency"));
        assertEquals(today().minusDays(1).toString(), deal.getString("signedOn"));
        assertEquals("CRM 企业版 年度订阅", deal.getString("product"));
        assertEquals(due.toString(), deal.getString("expectedSignDate"), "the expected date of that moment");
        assertEquals("ACTIVE", deal.getString("status"));
        assertNull(deal.getString("cancelledAt"));
        assertEquals(rep.login(), deal.getString("createdBy"));

        JsonPath signed = customer(rep.auth(), customerId);
        assertEquals("SIGNED", signed.getString("status"));
        assertEquals(1, signed.getInt("version"));

        List<Map<String, Object>> entries = history(rep.auth(), customerId);
        Map<String, Object> status = entries.get(0);
        assertEquals("CUSTOMER", status.get("entityType"));
        assertEquals("UPDATE", status.get("action"));
        assertEquals("Deal " + dealId + " recorded", status.get("reason"));
        assertEquals(List.of(Map.of("field", "status", "oldValue", "PROSPECT", "newValue", "SIGNED")), status.get("changes"));
        Map<String, Object> dealEntry = entries.get(1);
        assertEquals("DEAL", dealEntry.get("entityType"));
        assertEquals(dealId, dealEntry.get("entityId"));
        assertEquals("CREATE", dealEntry.get("action"));
        assertEquals(rep.login(), dealEntry.get("actor"));
        assertTrue(dealEntry.get("changes").toString().contains("128000.50"), dealEntry.toString());

        Api.as(rep.auth()).get(deals(customerId) + "/" + dealId).then().statusCode(200).header("ETag", "\"0\"")
                .body("id", equalTo(dealId));
    }

    @Test
    void aManagerAboveTheOwnerOrAnAdminRecordsTheOwnerIsCreditedOthersDoNotSeeTheCustomer() {
        Region region = Region.create();
        String customerId = customerDue(region.rep().auth(), null);

        record(region.manager().auth(), customerId, body()).then().statusCode(201)
                .body("ownerId", equalTo(region.rep().id())).body("createdBy", equalTo(region.manager().login()));
        record(Org.ADMIN, customerId, body()).then().statusCode(201).body("ownerId", equalTo(region.rep().id()));

        // The colleague in the top team and an outsider cannot see the rep's customer: 404, as if it did not exist.
        Problems.notFound(record(region.colleague().auth(), customerId, body()));
        Problems.notFound(record(Org.rep().auth(), customerId, body()));
        Problems.notFound(Api.as(Org.rep().auth()).get(deals(customerId)));
        Problems.notFound(record(region.rep().auth(), UUID.randomUUID().toString(), body()));
        Problems.invalidField(record(region.rep().auth(), "not-a-uuid", body()), "id");
    }

    @Test
    void poolAndArchivedCustomersTakeNoDeals() {
        String pool = poolCustomer();
        Problems.expect(record(Org.rep().auth(), pool, body()), 409, "customer-in-pool");
        Problems.expect(record(Org.ADMIN, pool, body()), 409, "customer-in-pool");

        Org.Person rep = Org.rep();
        String archived = customerDue(rep.auth(), null);
        Api.as(rep.auth()).post("/api/v1/customers/" + archived + "/archive").then().statusCode(200);
        Problems.expect(record(rep.auth(), archived, body()), 409, "conflict");
        assertEquals(0, Api.as(rep.auth()).get(deals(archived)).then().statusCode(200).extract().jsonPath()
                .getList("items").size());
    }

    @Test
    void cancellingMarksTheDealCancelledAndTheLastOneTakesTheCustomerBackToProspect() {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        String first = recorded(rep.auth(), customerId);
        String second = recorded(rep.auth(), customerId);

        JsonPath cancelled = cancel(rep.auth(), customerId, first, "  客户违约，合同解除 ").then().statusCode(200)
                .header("ETag", "\"1\"").extract().jsonPath();
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals(rep.login(), cancelled.getString("cancelledBy"));
        assertEquals("客户违约，合同解除", cancelled.getString("cancelReason"));
        assertNotNull(cancelled.getString("cancelledAt"));
        assertEquals("SIGNED", customer(rep.auth(), customerId).getString("status"), "one live deal is left");

        Map<String, Object> entry = history(rep.auth(), customerId).get(0);
        assertEquals("DEAL", entry.get("entityType"));
        assertEquals("CANCEL", entry.get("action"));
        assertEquals("客户违约，合同解除", entry.get("reason"));
        assertTrue(entry.get("changes").toString().contains("newValue=CANCELLED"), entry.toString());

        Problems.expect(cancel(rep.auth(), customerId, first, "again"), 409, "conflict");
        Problems.expect(Api.as(rep.auth()).header("If-Match", "\"7\"").body(Map.of("reason", "stale"))
                .post(deals(customerId) + "/" + second + "/cancel"), 412, "precondition-failed");
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(Map.of("reason", "改签"))
                .post(deals(customerId) + "/" + second + "/cancel").then().statusCode(200);

        JsonPath prospect = customer(rep.auth(), customerId);
        assertEquals("PROSPECT", prospect.getString("status"));
        Map<String, Object> back = history(rep.auth(), customerId).get(0);
        assertEquals("CUSTOMER", back.get("entityType"));
        assertEquals("Deal " + second + " cancelled; no live deal left", back.get("reason"));
        // Never deleted: both are still listed.
        assertEquals(2, Api.as(rep.auth()).get(deals(customerId)).then().statusCode(200).extract().jsonPath()
                .getList("items").size());

        Problems.notFound(cancel(rep.auth(), customerId, UUID.randomUUID().toString(), "nothing"));
        Problems.invalidField(Api.as(rep.auth()).body(Map.of()).post(deals(customerId) + "/" + first + "/cancel"), "reason");
        Problems.invalidField(cancel(rep.auth(), customerId, first, "x".repeat(501)), "reason");
        Problems.invalidField(cancel(rep.auth(), customerId, "nope", "x"), "dealId");
    }

    @Test
    void aDealIsReadOnlyThroughItsOwnCustomer() {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        String other = customerDue(rep.auth(), null);
        String dealId = recorded(rep.auth(), customerId);
        Problems.notFound(Api.as(rep.auth()).get(deals(other) + "/" + dealId));
        Problems.notFound(cancel(rep.auth(), other, dealId, "wrong customer"));
        Problems.notFound(Api.as(Org.rep().auth()).get(deals(customerId) + "/" + dealId));
    }

    @Test
    void theListIsNewestSigningDateFirstAndPages() {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        String old = record(rep.auth(), customerId, body("1", today().minusDays(30).toString())).then().statusCode(201)
                .extract().path("id");
        String newest = record(rep.auth(), customerId, body("2", today().toString())).then().statusCode(201)
                .extract().path("id");
        String middle = record(rep.auth(), customerId, body("3", today().minusDays(3).toString())).then().statusCode(201)
                .extract().path("id");

        JsonPath page = Api.as(rep.auth()).queryParam("limit", 2).get(deals(customerId)).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(newest, middle), page.getList("items.id"));
        JsonPath rest = Api.as(rep.auth()).queryParam("limit", 2).queryParam("cursor", page.getString("nextCursor"))
                .get(deals(customerId)).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(old), rest.getList("items.id"));
        assertNull(rest.getString("nextCursor"));
        Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", "garbage").get(deals(customerId)), "cursor");
    }

    @Test
    void anIdempotencyKeyRecordsOneDeal() {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        String first = Api.as(rep.auth()).header("Idempotency-Key", key).body(body).post(deals(customerId))
                .then().statusCode(201).extract().path("id");
        Api.as(rep.auth()).header("Idempotency-Key", key).body(body).post(deals(customerId))
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        Problems.expect(Api.as(rep.auth()).header("Idempotency-Key", key).body(body("5", today().toString()))
                .post(deals(customerId)), 422, "idempotency-key-reused");
        assertEquals(List.of(first), Api.as(rep.auth()).get(deals(customerId)).then().statusCode(200).extract()
                .jsonPath().getList("items.id"));
    }

    @Test
    void aMergeMovesDealsAndTheSurvivorIsSigned() {
        Org.Person rep = Org.rep();
        String duplicate = customerDue(rep.auth(), null);
        String survivor = customerDue(rep.auth(), null);
        String dealId = recorded(rep.auth(), duplicate);

        Api.as(Org.ADMIN).body(Map.of("survivorId", survivor, "reason", "重复录入"))
                .post("/api/v1/customers/" + duplicate + "/merge").then().statusCode(200)
                .body("dealsMoved", equalTo(1)).body("survivor.status", equalTo("SIGNED"));
        Api.as(rep.auth()).get(deals(survivor) + "/" + dealId).then().statusCode(200)
                .body("customerId", equalTo(survivor)).body("ownerId", equalTo(rep.id())).header("ETag", "\"1\"");
    }
}
