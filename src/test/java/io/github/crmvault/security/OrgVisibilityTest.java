package io.github.crmvault.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Who sees which customer through the organisation:
 *
 * <pre>
 * company
 * ├── region A (manager mA)
 * │   └── team A1 (rep r1)
 * │       └── team A1x (rep r2)      deeper below region A
 * └── region B (manager mB)
 *     └── team B1 (rep r3)
 * </pre>
 *
 * r1, r2 and r3 each own a customer; the admin puts one in the public pool. Names share a unique
 * word, so a search for it finds exactly this scenario's customers on any database.
 */
@QuarkusTest
class OrgVisibilityTest {

    record Scenario(String word, Org.Person mA, Org.Person mB, Org.Person r1, Org.Person r2, Org.Person r3,
            String c1, String c2, String c3, String pool, String contact1, String contact2, String integration) {
    }

    private static Scenario scenario;

    private static synchronized Scenario scenario() {
        if (scenario == null) {
            String word = Org.unique("vis").replace("-", "");
            String company = Org.team(Org.unique("Company"), null, null);
            Org.Person mA = OrgAdmin.person(company, "manager");
            Org.Person mB = OrgAdmin.person(company, "manager");
            String regionA = Org.team(Org.unique("Region A"), company, mA.id());
            String regionB = Org.team(Org.unique("Region B"), company, mB.id());
            String teamA1 = Org.team(Org.unique("Team A1"), regionA, null);
            String teamA1x = Org.team(Org.unique("Team A1x"), teamA1, null);
            String teamB1 = Org.team(Org.unique("Team B1"), regionB, null);
            Org.Person r1 = OrgAdmin.person(teamA1, "sales");
            Org.Person r2 = OrgAdmin.person(teamA1x, "sales");
            Org.Person r3 = OrgAdmin.person(teamB1, "sales");
            String c1 = Customers.create(r1.auth(), Customers.nameWith(word + " one") + " 有限公司");
            String c2 = Customers.create(r2.auth(), Customers.nameWith(word + " two") + " 有限公司");
            String c3 = Customers.create(r3.auth(), Customers.nameWith(word + " three") + " 有限公司");
            String pool = Customers.create(Org.ADMIN, Customers.nameWith(word + " pool") + " 有限公司");
            String contact1 = Api.as(r1.auth()).body(Map.of("name", "联系人一")).post("/api/v1/customers/" + c1 + "/contacts")
                    .then().statusCode(201).extract().path("id");
            String contact2 = Api.as(r2.auth()).body(Map.of("name", "联系人二")).post("/api/v1/customers/" + c2 + "/contacts")
                    .then().statusCode(201).extract().path("id");
            String integration = OrgAdmin.person(null, "integration").auth();
            scenario = new Scenario(word, mA, mB, r1, r2, r3, c1, c2, c3, pool, contact1, contact2, integration);
        }
        return scenario;
    }

    /** The scenario customers that {@code auth} finds by searching the shared word. */
    private static Set<Object> search(String auth) {
        return new TreeSet<>(Pages.allIds(auth, "/api/v1/customers", Map.of("q", scenario().word())));
    }

    /** Every customer {@code auth} can list, without any filter. */
    private static Set<Object> everything(String auth) {
        return new TreeSet<>(Pages.allIds(auth, "/api/v1/customers"));
    }

    private static Set<Object> setOf(Object... ids) {
        return new TreeSet<>(List.of(ids));
    }

    private static void readable(String auth, String customer, String contact, String expectedOwner) {
        var get = Api.as(auth).get("/api/v1/customers/" + customer).then().statusCode(200).body("id", equalTo(customer));
        if (expectedOwner != null) {
            get.body("ownerId", equalTo(expectedOwner));
        }
        Api.as(auth).get("/api/v1/customers/" + customer + "/history").then().statusCode(200)
                .body("items.action", hasItem("CREATE"));
        if (contact != null) {
            Api.as(auth).get("/api/v1/customers/" + customer + "/contacts").then().statusCode(200)
                    .body("items.id", hasItem(contact));
            Api.as(auth).get("/api/v1/customers/" + customer + "/contacts/" + contact).then().statusCode(200)
                    .body("customerId", equalTo(customer));
        }
    }

    /** Every read of a customer it may not see answers 404, as if it did not exist. */
    private static void invisible(String auth, String customer, String contact) {
        Problems.notFound(Api.as(auth).get("/api/v1/customers/" + customer));
        Problems.notFound(Api.as(auth).get("/api/v1/customers/" + customer + "/history"));
        Problems.notFound(Api.as(auth).get("/api/v1/customers/" + customer + "/contacts"));
        Problems.notFound(Api.as(auth).get("/api/v1/customers/" + customer + "/contacts/" + contact));
    }

    @Test
    void regionManagerSeesEveryTeamBelowAndThePool() {
        Scenario s = scenario();
        readable(s.mA().auth(), s.c1(), s.contact1(), s.r1().id());
        readable(s.mA().auth(), s.c2(), s.contact2(), s.r2().id());
        readable(s.mA().auth(), s.pool(), null, null);
        assertEquals(setOf(s.c1(), s.c2(), s.pool()), search(s.mA().auth()));
        Set<Object> listed = everything(s.mA().auth());
        assertTrue(listed.containsAll(setOf(s.c1(), s.c2(), s.pool())), "manager A lists region A and the pool");
        assertFalse(listed.contains(s.c3()), "manager A does not list region B");
        // Filtering by an owner below still goes through visibility.
        Api.as(s.mA().auth()).queryParam("ownerId", s.r2().id()).get("/api/v1/customers").then().statusCode(200)
                .body("items.id", equalTo(List.of(s.c2())));
    }

    @Test
    void siblingRegionManagerSeesNoneOfIt() {
        Scenario s = scenario();
        invisible(s.mB().auth(), s.c1(), s.contact1());
        invisible(s.mB().auth(), s.c2(), s.contact2());
        readable(s.mB().auth(), s.c3(), null, s.r3().id());
        readable(s.mB().auth(), s.pool(), null, null);
        assertEquals(setOf(s.c3(), s.pool()), search(s.mB().auth()));
        Set<Object> listed = everything(s.mB().auth());
        assertFalse(listed.contains(s.c1()) || listed.contains(s.c2()), "manager B lists nothing of region A");
        assertTrue(listed.containsAll(setOf(s.c3(), s.pool())));
        Api.as(s.mB().auth()).queryParam("ownerId", s.r1().id()).get("/api/v1/customers").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        // Phone search does not leak either: every scenario customer has the same phone number.
        assertFalse(new TreeSet<>(Pages.allIds(s.mB().auth(), "/api/v1/customers", Map.of("q", "13800138000")))
                .contains(s.c1()));
    }

    @Test
    void siblingManagerCannotChangeIt() {
        Scenario s = scenario();
        Problems.notFound(Api.as(s.mB().auth()).header("If-Match", "\"0\"").body(Customers.body("taken"))
                .put("/api/v1/customers/" + s.c1()));
        Problems.notFound(Api.as(s.mB().auth()).post("/api/v1/customers/" + s.c1() + "/archive"));
        Problems.notFound(Api.as(s.mB().auth()).body(Map.of("name", "x")).post("/api/v1/customers/" + s.c1() + "/contacts"));
        Api.as(Org.ADMIN).get("/api/v1/customers/" + s.c1()).then().statusCode(200).body("version", equalTo(0))
                .body("archived", equalTo(false));
    }

    @Test
    void theNamedManagerWithoutTheManagerRoleSeesOnlyOwnAndPool() {
        Scenario s = scenario();
        String asSales = Tokens.bearer(s.mA().login(), "sales");
        Problems.notFound(Api.as(asSales).get("/api/v1/customers/" + s.c1()));
        assertEquals(setOf(s.pool()), search(asSales));
    }

    @Test
    void repSeesOwnAndPoolOnly() {
        Scenario s = scenario();
        readable(s.r1().auth(), s.c1(), s.contact1(), s.r1().id());
        readable(s.r1().auth(), s.pool(), null, null);
        assertEquals(setOf(s.c1(), s.pool()), search(s.r1().auth()));
        assertEquals(setOf(s.c2(), s.pool()), search(s.r2().auth()));
        Set<Object> listed = everything(s.r1().auth());
        assertTrue(listed.containsAll(setOf(s.c1(), s.pool())));
        assertFalse(listed.contains(s.c2()) || listed.contains(s.c3()), "a rep lists no colleague's customer");
        Api.as(s.r1().auth()).queryParam("ownerId", s.r2().id()).get("/api/v1/customers").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void repGets404ForEveryOperationOnAColleaguesCustomer() {
        Scenario s = scenario();
        String r1 = s.r1().auth();
        String c2 = "/api/v1/customers/" + s.c2();
        invisible(r1, s.c2(), s.contact2());
        Problems.notFound(Api.as(r1).header("If-Match", "\"0\"").body(Customers.body("Stolen")).put(c2));
        Problems.notFound(Api.as(r1).post(c2 + "/archive"));
        Problems.notFound(Api.as(r1).post(c2 + "/restore"));
        Problems.notFound(Api.as(r1).body(Map.of("name", "王芳")).post(c2 + "/contacts"));
        Problems.notFound(Api.as(r1).header("If-Match", "\"0\"").body(Map.of("name", "王芳"))
                .put(c2 + "/contacts/" + s.contact2()));
        Problems.notFound(Api.as(r1).post(c2 + "/contacts/" + s.contact2() + "/archive"));
        Problems.notFound(Api.as(r1).post(c2 + "/contacts/" + s.contact2() + "/restore"));
        // The same answers as for an id that does not exist at all.
        Problems.notFound(Api.as(r1).get("/api/v1/customers/" + java.util.UUID.randomUUID()));

        // The colleague's customer and contact are untouched.
        Api.as(Org.ADMIN).get(c2).then().statusCode(200).body("version", equalTo(0)).body("archived", equalTo(false))
                .body("ownerId", equalTo(s.r2().id()));
        Api.as(Org.ADMIN).get(c2 + "/contacts").then().statusCode(200).body("items.id", equalTo(List.of(s.contact2())));
        Api.as(Org.ADMIN).get(c2 + "/history").then().statusCode(200)
                .body("items.actor", org.hamcrest.Matchers.everyItem(equalTo(s.r2().login())));
    }

    @Test
    void repCannotReachAContactThroughTheirOwnCustomer() {
        Scenario s = scenario();
        // contact2 belongs to c2; asking for it under c1 (visible to r1) must not reveal it.
        Problems.notFound(Api.as(s.r1().auth()).get("/api/v1/customers/" + s.c1() + "/contacts/" + s.contact2()));
        Problems.notFound(Api.as(s.r1().auth()).header("If-Match", "\"0\"").body(Map.of("name", "x"))
                .put("/api/v1/customers/" + s.c1() + "/contacts/" + s.contact2()));
    }

    @Test
    void adminAndIntegrationSeeEverything() {
        Scenario s = scenario();
        for (String auth : List.of(Org.ADMIN, s.integration())) {
            readable(auth, s.c1(), s.contact1(), s.r1().id());
            readable(auth, s.c2(), s.contact2(), s.r2().id());
            readable(auth, s.c3(), null, s.r3().id());
            readable(auth, s.pool(), null, null);
            assertEquals(setOf(s.c1(), s.c2(), s.c3(), s.pool()), search(auth));
        }
    }

    @Test
    void visibilityFollowsTheOrganisationAtOnce() {
        // Moving a rep to region B's team hands their customers' visibility to manager B on the next request.
        String company = Org.team(Org.unique("Company"), null, null);
        Org.Person mA = OrgAdmin.person(company, "manager");
        Org.Person mB = OrgAdmin.person(company, "manager");
        String teamA = Org.team(Org.unique("A"), company, mA.id());
        String teamB = Org.team(Org.unique("B"), company, mB.id());
        Org.Person rep = OrgAdmin.person(teamA, "sales");
        String customer = Customers.create(rep.auth(), Org.unique("Moving Co"));
        Api.as(mA.auth()).get("/api/v1/customers/" + customer).then().statusCode(200);
        Problems.notFound(Api.as(mB.auth()).get("/api/v1/customers/" + customer));

        String path = "/api/v1/users/" + rep.id();
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(path))
                .body(Map.of("displayName", "Moved", "teamId", teamB, "active", true)).put(path).then().statusCode(200);

        Problems.notFound(Api.as(mA.auth()).get("/api/v1/customers/" + customer));
        Api.as(mB.auth()).get("/api/v1/customers/" + customer).then().statusCode(200).body("ownerId", equalTo(rep.id()));
        Api.as(rep.auth()).get("/api/v1/customers/" + customer).then().statusCode(200);
    }

    @Test
    void managerOwnsAndSeesWhatTheyCreate() {
        Scenario s = scenario();
        String mine = Customers.create(s.mA().auth(), Org.unique("Manager own"));
        Api.as(s.mA().auth()).get("/api/v1/customers/" + mine).then().statusCode(200).body("ownerId", equalTo(s.mA().id()));
        Problems.notFound(Api.as(s.r1().auth()).get("/api/v1/customers/" + mine));
        Problems.notFound(Api.as(s.mB().auth()).get("/api/v1/customers/" + mine));
    }
}
