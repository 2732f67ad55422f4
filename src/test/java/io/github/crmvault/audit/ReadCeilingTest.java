package io.github.crmvault.audit;

import static io.github.crmvault.audit.ReadAuditTest.contact;
import static io.github.crmvault.audit.ReadAuditTest.contacts;
import static io.github.crmvault.audit.ReadAuditTest.newContact;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily ceiling on distinct customers, not one's own, whose contacts one reads in full (here 3):
 * the 4th is refused with 429 until the next company day, the first 3 stay readable, and the managers
 * above the reader see the alert. Owners, admins and integration are never refused.
 */
@QuarkusTest
@TestProfile(ReadCeilingTest.SmallCeiling.class)
class ReadCeilingTest {
    static final String ALERTS = "/api/v1/alerts";

    public static class SmallCeiling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crm.personal-data.daily-ceiling", "3");
        }
    }

    Org.Person boss;
    Org.Person manager;
    Org.Person rep;
    List<String> customers;
    List<String> contactIds;

    @BeforeEach
    void company() {
        boss = OrgAdmin.person(null, "manager");
        String company = Org.team(Org.unique("Company"), null, boss.id());
        manager = OrgAdmin.person(company, "manager");
        rep = OrgAdmin.person(Org.team(Org.unique("Team"), company, manager.id()), "sales");
        customers = IntStream.range(0, 4).mapToObj(i -> Customers.create(rep.auth(), Customers.nameWith("上限" + i))).toList();
        contactIds = customers.stream().map(c -> newContact(rep.auth(), c)).toList();
    }

    @Test
    void theFourthDistinctCustomerIsRefusedUntilTheNextDayAndTheBossSeesIt() {
        // Three different kinds of read, three customers.
        Api.as(manager.auth()).get(contact(customers.get(0), contactIds.get(0))).then().statusCode(200);
        Api.as(manager.auth()).get(contacts(customers.get(1))).then().statusCode(200);
        Api.as(manager.auth()).get("/api/v1/customers/" + customers.get(2) + "/history").then().statusCode(200);

        refused(Api.as(manager.auth()).get(contacts(customers.get(3))));
        refused(Api.as(manager.auth()).get(contact(customers.get(3), contactIds.get(3))));
        refused(Api.as(manager.auth()).get("/api/v1/customers/" + customers.get(3) + "/history"));

        // Customers already read today stay readable, by any kind of read.
        for (int i = 0; i < 3; i++) {
            Api.as(manager.auth()).get(contacts(customers.get(i))).then().statusCode(200)
                    .body("items[0].masked", equalTo(false));
        }
        // The company itself stays readable, and the owner reads their own contacts whatever the ceiling.
        Api.as(manager.auth()).get("/api/v1/customers/" + customers.get(3)).then().statusCode(200);
        Api.as(rep.auth()).get(contacts(customers.get(3))).then().statusCode(200);

        // The boss above the manager sees one alert for the day, with every refusal.
        List<Map<String, Object>> alerts = alerts(boss.auth(), manager.id());
        assertEquals(1, alerts.size());
        Map<String, Object> alert = alerts.get(0);
        assertEquals("PERSONAL_DATA_CEILING", alert.get("kind"));
        assertEquals(manager.login(), alert.get("login"));
        assertEquals(3, alert.get("ceiling"));
        assertEquals(customers.get(3), alert.get("customerId"));
        assertEquals(3, alert.get("refusals"));
        // The manager sees their own, an admin every one; a rep and an unrelated manager not this one.
        assertEquals(1, alerts(manager.auth(), manager.id()).size());
        assertEquals(1, alerts(Org.ADMIN, manager.id()).size());
        Org.Person stranger = OrgAdmin.person(Org.team(Org.unique("Other"), null, null), "manager");
        Api.as(stranger.auth()).get(ALERTS).then().statusCode(200).body("items.userId", not(hasItem(manager.id())));
        Api.as(rep.auth()).get(ALERTS).then().statusCode(200).body("items.userId", not(hasItem(manager.id())));
    }

    @Test
    void adminsAndIntegrationAreCountedButNeverRefused() {
        Org.Person integration = OrgAdmin.person(null, "integration");
        for (int i = 0; i < 4; i++) {
            Api.as(integration.auth()).get(contacts(customers.get(i))).then().statusCode(200);
            Api.as(Org.ADMIN).get(contacts(customers.get(i))).then().statusCode(200);
        }
        assertEquals(4, ReadAuditTest.reads(integration.id()).size());
        Api.as(Org.ADMIN).queryParam("userId", integration.id()).get(ALERTS).then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void alertsNeedAToken() {
        Problems.unauthenticated(Api.anonymous().get(ALERTS));
        Problems.forbidden(Api.as(OrgAdmin.person(null, "integration").auth()).get(ALERTS));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "nonsense").get(ALERTS), "cursor");
    }

    static void refused(Response response) {
        int retryAfter = Integer.parseInt(Problems.expect(response, 429, "personal-data-ceiling")
                .body("ceiling", equalTo(3)).body("day", notNullValue())
                .extract().header("Retry-After"));
        // Until the next company day: at most a day (and a DST hour) away.
        assertTrue(retryAfter >= 1 && retryAfter <= 25 * 3600, "Retry-After " + retryAfter);
    }

    static List<Map<String, Object>> alerts(String auth, String userId) {
        return Pages.allItems(auth, ALERTS, Map.of("userId", userId), 200);
    }
}
