package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.customer;
import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.giveCustomers;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SIGNED comes from deals only: clients can neither set nor clear it, so a customer is SIGNED exactly
 * while it has a live deal, and the claim cap and recall apply to every other customer.
 */
@QuarkusTest
class SignedByDealsTest {
    @Inject
    DataSource db;

    private static Response put(String auth, String id, String status, String name) {
        String etag = Api.as(auth).get(customer(id)).then().statusCode(200).extract().header("ETag");
        Map<String, Object> body = Customers.body(name);
        body.put("status", status);
        return Api.as(auth).header("If-Match", etag).body(body).put(customer(id));
    }

    private static String recordDeal(String auth, String id) {
        return Api.as(auth).body(Map.of("amount", "5000.00", "currency", "CNY",
                        "signedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(), "product", "CRM"))
                .post(customer(id) + "/deals").then().statusCode(201).extract().path("id");
    }

    private static void cancelDeal(String auth, String id, String dealId) {
        Api.as(auth).body(Map.of("reason", "客户撤回")).post(customer(id) + "/deals/" + dealId + "/cancel")
                .then().statusCode(200);
    }

    private static Response expiring(String auth) {
        return Api.as(auth).queryParam("days", 60).queryParam("limit", 200).get("/api/v1/claims/expiring");
    }

    @Test
    void aClientCannotSetSigned() {
        Org.Person rep = Org.rep();
        Map<String, Object> body = Customers.body(Org.unique("手签"));
        body.put("status", "SIGNED");
        Problems.invalidField(Api.as(rep.auth()).body(body).post("/api/v1/customers"), "status");

        String id = Customers.create(rep.auth(), Org.unique("手签"));
        Problems.invalidField(put(rep.auth(), id, "SIGNED", Org.unique("手签")), "status");
        Problems.invalidField(put(Org.ADMIN, id, "SIGNED", Org.unique("手签")), "status");
        assertEquals("LEAD", get(rep.auth(), id).getString("status"));
        assertEquals(0, get(rep.auth(), id).getInt("version"));
    }

    @Test
    void aDealSignsTheCustomerAndCancellingItsLastLiveDealUnsignsIt() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("签约"));
        String first = recordDeal(rep.auth(), id);
        String second = recordDeal(rep.auth(), id);
        assertEquals("SIGNED", get(rep.auth(), id).getString("status"));

        // While a deal lives the status stays SIGNED: it may be sent back unchanged, not replaced.
        Problems.invalidField(put(rep.auth(), id, "PROSPECT", Org.unique("签约")), "status");
        String renamed = Org.unique("签约改名");
        put(rep.auth(), id, "SIGNED", renamed).then().statusCode(200)
                .body("status", equalTo("SIGNED")).body("name", equalTo(renamed));

        cancelDeal(rep.auth(), id, first);
        assertEquals("SIGNED", get(rep.auth(), id).getString("status"), "one live deal is left");
        cancelDeal(rep.auth(), id, second);
        assertEquals("PROSPECT", get(rep.auth(), id).getString("status"));
        Problems.invalidField(put(rep.auth(), id, "SIGNED", renamed), "status");
    }

    @Test
    void aMergedSignedDuplicateLeavesItsSigningToTheSurvivor() {
        Org.Person rep = Org.rep();
        String duplicate = Customers.signed(rep.auth(), Customers.nameWith("重复签约"));
        String survivor = Customers.create(rep.auth(), Customers.nameWith("保留客户"));
        Api.as(Org.ADMIN).body(Map.of("survivorId", survivor, "reason", "同一家公司"))
                .post(customer(duplicate) + "/merge").then().statusCode(200);
        assertEquals("SIGNED", get(rep.auth(), survivor).getString("status"));
        assertEquals("PROSPECT", get(rep.auth(), duplicate).getString("status"), "its deal moved to the survivor");
    }

    @Test
    void aRepAtTheCapOnlyGetsRoomByARealDealAndACancelledOneCountsAgain() {
        Org.Person rep = Org.rep();
        giveCustomers(db, rep.id(), 99);
        String own = Customers.create(rep.auth(), Org.unique("第一百个"));
        String wanted = poolCustomer(Org.unique("想领的"));
        Problems.expect(claim(rep.auth(), wanted), 409, "claim-limit-reached").body("held", equalTo(100));

        // Signing by hand is refused, so it still counts and recall may still take it.
        Problems.invalidField(put(rep.auth(), own, "SIGNED", Org.unique("第一百个")), "status");
        Problems.expect(claim(rep.auth(), wanted), 409, "claim-limit-reached").body("held", equalTo(100));
        expiring(rep.auth()).then().statusCode(200).body("items.id", hasItem(own));

        // A real deal makes it an account: out of the cap and of the expiring list.
        String deal = recordDeal(rep.auth(), own);
        expiring(rep.auth()).then().statusCode(200).body("items.id", not(hasItem(own)));
        claim(rep.auth(), wanted).then().statusCode(200).body("ownerId", equalTo(rep.id()));

        // Cancelled, it is a prospect again: it counts, and protection lapses for it as for any other.
        cancelDeal(rep.auth(), own, deal);
        expiring(rep.auth()).then().statusCode(200).body("items.id", hasItem(own));
        Problems.expect(claim(rep.auth(), poolCustomer(Org.unique("再领一个"))), 409, "claim-limit-reached")
                .body("held", equalTo(101));
    }
}
