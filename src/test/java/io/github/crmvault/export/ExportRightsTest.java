package io.github.crmvault.export;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bulk export is a permission, by default of admin and integration only: a rep or a manager cannot
 * walk out with the customers they see, and the attempt is on record.
 */
@QuarkusTest
class ExportRightsTest {
    static final List<String> EXPORTS = List.of("customers", "contacts", "visits", "deals");

    @Test
    void repsAndManagersAreRefusedNamingThePermission() {
        String team = Org.team(Org.unique("rights"), null, null);
        Org.Person rep = OrgAdmin.person(team, "sales");
        Org.Person manager = OrgAdmin.person(team, "manager");
        for (Org.Person refused : List.of(rep, manager)) {
            for (String export : EXPORTS) {
                Problems.expect(ExportApiTest.export(refused.auth(), export, ExportApiTest.CSV, null), 403,
                        "export-not-permitted")
                        .body("title", org.hamcrest.Matchers.equalTo("Export not permitted"))
                        .body("detail", containsString("export"))
                        .body("detail", containsString("admin, integration"));
            }
        }
        // Each refusal is on record, with no format: the permission comes before the request's details.
        List<Map<String, Object>> refusals = Api.as(Org.ADMIN).queryParam("userId", rep.id())
                .get("/api/v1/audit/exports").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(EXPORTS.size(), refusals.size());
        for (int i = 0; i < EXPORTS.size(); i++) {
            Map<String, Object> refusal = refusals.get(i);
            // Newest first.
            assertEquals(EXPORTS.get(EXPORTS.size() - 1 - i).toUpperCase(), refusal.get("export"));
            assertEquals("REFUSED", refusal.get("outcome"));
            assertEquals(rep.login(), refusal.get("login"));
            assertEquals(0, refusal.get("rows"));
            assertEquals(null, refusal.get("format"));
            assertEquals(refusal.get("startedAt"), refusal.get("endedAt"));
        }
    }

    @Test
    void adminAndIntegrationMayExport() {
        Org.Person integration = OrgAdmin.person(Org.team(Org.unique("rights"), null, null), "integration");
        for (String auth : List.of(Org.ADMIN, integration.auth())) {
            for (String export : EXPORTS) {
                // CSV: its header row is a body the contract validator accepts for an empty export.
                ExportApiTest.export(auth, export, ExportApiTest.CSV, "2999-01-01T00:00:00Z").then().statusCode(200);
            }
        }
    }
}
