package io.github.crmvault.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * crm.export.roles decides who may export: here reps and integration, not admins or managers. A rep
 * who may export gets what a rep sees (own customers and the pool), never a peer's.
 */
@QuarkusTest
@TestProfile(ExportRightsSettingTest.RepsExport.class)
class ExportRightsSettingTest {

    public static class RepsExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crm.export.roles", "sales,integration");
        }
    }

    @Test
    void theSettingGrantsAndWithdrawsThePermission() {
        String since = Instant.now().minusSeconds(1).toString();
        Org.Person rep = Org.rep();
        Org.Person peer = Org.rep();
        String customer = Customers.create(rep.auth(), Customers.nameWith("Rights Own"));
        String contact = ExportApiTest.contact(rep, customer);
        String visit = ExportApiTest.visit(rep, customer, contact);
        String deal = ExportApiTest.deal(rep, customer);
        String pool = Customers.create(Org.ADMIN, Customers.nameWith("Rights Pool"));
        String mobile = Customers.phone().replace(" ", ""); // a contact's mobile is a conflict key: one no one else has
        String poolContact = Api.as(Org.ADMIN).body(Map.of("name", "张三", "phones", List.of(mobile),
                "email", "zhang@example.cn")).post("/api/v1/customers/" + pool + "/contacts")
                .then().statusCode(201).extract().path("id");
        String peerCustomer = Customers.create(peer.auth(), Customers.nameWith("Rights Peer"));
        String peerContact = ExportApiTest.contact(peer, peerCustomer);
        String peerVisit = ExportApiTest.visit(peer, peerCustomer, peerContact);
        String peerDeal = ExportApiTest.deal(peer, peerCustomer);

        Map<String, Map<String, Object>> customers = ExportApiTest.ndjson(
                ExportApiTest.export(rep.auth(), "customers", ExportApiTest.NDJSON, since));
        assertTrue(customers.keySet().containsAll(List.of(customer, pool)));
        assertFalse(customers.containsKey(peerCustomer));
        Map<String, Map<String, Object>> contacts = ExportApiTest.ndjson(
                ExportApiTest.export(rep.auth(), "contacts", ExportApiTest.NDJSON, since));
        assertTrue(contacts.containsKey(contact));
        assertFalse(contacts.containsKey(peerContact));
        // The pool shows companies, not people: the export masks as every other read path does.
        assertEquals(Boolean.TRUE, contacts.get(poolContact).get("masked"));
        assertEquals(List.of(mobile.substring(0, 3) + "****" + mobile.substring(7)), contacts.get(poolContact).get("phones"));
        assertEquals("z***@example.cn", contacts.get(poolContact).get("email"));
        assertEquals(Boolean.FALSE, contacts.get(contact).get("masked"));
        Map<String, Map<String, Object>> visits = ExportApiTest.ndjson(
                ExportApiTest.export(rep.auth(), "visits", ExportApiTest.NDJSON, since));
        assertTrue(visits.containsKey(visit));
        assertFalse(visits.containsKey(peerVisit));
        Map<String, Map<String, Object>> deals = ExportApiTest.ndjson(
                ExportApiTest.export(rep.auth(), "deals", ExportApiTest.NDJSON, since));
        assertTrue(deals.containsKey(deal));
        assertFalse(deals.containsKey(peerDeal));

        String team = Org.team(Org.unique("rights"), null, null);
        Org.Person integration = OrgAdmin.person(team, "integration");
        assertTrue(ExportApiTest.ndjson(ExportApiTest.export(integration.auth(), "customers", ExportApiTest.NDJSON,
                since)).keySet().containsAll(List.of(customer, pool, peerCustomer)));

        // Admins no longer export; they still read the record of who did.
        for (String refused : List.of(Org.ADMIN, OrgAdmin.person(team, "manager").auth())) {
            Problems.expect(ExportApiTest.export(refused, "customers", ExportApiTest.NDJSON, null), 403,
                    "export-not-permitted").body("detail", org.hamcrest.Matchers.containsString("integration, sales"));
        }
        List<Map<String, Object>> log = Api.as(Org.ADMIN).queryParam("userId", rep.id())
                .get("/api/v1/audit/exports").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(List.of("DEALS", "VISITS", "CONTACTS", "CUSTOMERS"), log.stream().map(e -> e.get("export")).toList());
        assertTrue(log.stream().allMatch(e -> "COMPLETE".equals(e.get("outcome"))));
    }
}
