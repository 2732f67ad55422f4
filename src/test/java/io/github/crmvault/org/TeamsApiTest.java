package io.github.crmvault.org;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Teams: the tree that decides what managers see. Admins write; admin and integration read. */
@QuarkusTest
class TeamsApiTest {
    private static final String TEAMS = "/api/v1/teams";

    private static Map<String, Object> team(String name, String parentId, String managerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parentId);
        body.put("managerId", managerId);
        return body;
    }

    private static String etagOf(ExtractableResponse<Response> r) {
        return "\"" + r.path("version").toString() + "\"";
    }

    @Test
    void createReturnsTheTeamWithLocationAndEtag() {
        String name = Org.unique("华东大区");
        var created = Api.as(Org.ADMIN).body(team("  " + name + "  ", null, null)).post(TEAMS).then().statusCode(201)
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("parentId", nullValue())
                .body("managerId", nullValue())
                .body("active", equalTo(true))
                .body("version", notNullValue())
                .body("createdBy", notNullValue())
                .body("updatedBy", notNullValue())
                .extract();
        String id = created.path("id");
        assertEquals(etagOf(created), created.header("ETag"));
        assertNotNull(created.header("Location"));
        assertTrue(created.header("Location").endsWith("/api/v1/teams/" + id), created.header("Location"));

        var read = Api.as(Org.ADMIN).get(TEAMS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo(name)).extract();
        assertEquals(etagOf(read), read.header("ETag"));
        assertEquals(created.header("ETag"), read.header("ETag"));
        assertEquals((String) created.path("createdAt"), read.path("createdAt"));
    }

    @Test
    void teamTreeCompanyRegionTeam() {
        String company = Org.team(Org.unique("Company"), null, null);
        String region = Org.team(Org.unique("Region"), company, null);
        String team = Org.team(Org.unique("Team"), region, null);
        Api.as(Org.ADMIN).get(TEAMS + "/" + company).then().statusCode(200).body("parentId", nullValue());
        Api.as(Org.ADMIN).get(TEAMS + "/" + region).then().statusCode(200).body("parentId", equalTo(company));
        Api.as(Org.ADMIN).get(TEAMS + "/" + team).then().statusCode(200).body("parentId", equalTo(region));
    }

    @Test
    void aTeamCannotBecomeItsOwnAncestor() {
        String company = Org.team(Org.unique("Company"), null, null);
        String region = Org.team(Org.unique("Region"), company, null);
        String team = Org.team(Org.unique("Team"), region, null);

        // Its own parent.
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(TEAMS + "/" + region))
                .body(team("Region", region, null)).put(TEAMS + "/" + region), "parentId")
                .body("detail", containsString("ancestor"));
        // Below its own child.
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(TEAMS + "/" + region))
                .body(team("Region", team, null)).put(TEAMS + "/" + region), "parentId");
        // The root below its grandchild.
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(TEAMS + "/" + company))
                .body(team("Company", team, null)).put(TEAMS + "/" + company), "parentId");

        // Nothing changed.
        Api.as(Org.ADMIN).get(TEAMS + "/" + company).then().statusCode(200).body("parentId", nullValue())
                .body("version", equalTo(0));
        Api.as(Org.ADMIN).get(TEAMS + "/" + region).then().statusCode(200).body("parentId", equalTo(company))
                .body("version", equalTo(0));

        // Moving a team to another branch is fine.
        String other = Org.team(Org.unique("Other region"), company, null);
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(TEAMS + "/" + team))
                .body(team("Team", other, null)).put(TEAMS + "/" + team).then().statusCode(200)
                .body("parentId", equalTo(other));
    }

    @Test
    void unknownParentOrManagerIsAFieldError() {
        String ghost = UUID.randomUUID().toString();
        Problems.invalidField(Api.as(Org.ADMIN).body(team(Org.unique("Orphan"), ghost, null)).post(TEAMS), "parentId");
        Problems.invalidField(Api.as(Org.ADMIN).body(team(Org.unique("Unmanaged"), null, ghost)).post(TEAMS), "managerId");

        String id = Org.team(Org.unique("Existing"), null, null);
        String etag = OrgAdmin.etag(TEAMS + "/" + id);
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", etag).body(team("Existing", ghost, null))
                .put(TEAMS + "/" + id), "parentId");
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", etag).body(team("Existing", null, ghost))
                .put(TEAMS + "/" + id), "managerId");
        Api.as(Org.ADMIN).get(TEAMS + "/" + id).then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void malformedParentIdIsAFieldError() {
        String name = Org.unique("Bad parent");
        Problems.invalidField(Api.as(Org.ADMIN).body(team(name, "not-a-uuid", null)).post(TEAMS), "parentId");
    }

    @Test
    void serverOwnedFieldsAreRejectedAsAProblem() {
        Map<String, Object> body = team(Org.unique("With id"), null, null);
        body.put("id", UUID.randomUUID().toString());
        Problems.invalidField(Api.as(Org.ADMIN).body(body).post(TEAMS), "id")
                .body("errors[0].message", containsString("set by the server"));
    }

    @Test
    void malformedJsonIsAProblem() {
        Problems.expect(Api.as(Org.ADMIN).body("{\"name\": ").post(TEAMS), 400, "malformed-body");
    }

    @Test
    void aDeactivatedUserCannotBecomeManager() {
        String login = Org.unique("gone");
        String userId = Org.user(login, null);
        OrgAdmin.setUserActive(userId, false);
        Problems.invalidField(Api.as(Org.ADMIN).body(team(Org.unique("Led by nobody"), null, userId)).post(TEAMS), "managerId");
    }

    @Test
    void nameIsRequired() {
        Problems.invalidField(Api.as(Org.ADMIN).body(team("   ", null, null)).post(TEAMS), "name");
        Problems.invalidField(Api.as(Org.ADMIN).body(Map.of()).post(TEAMS), "name");
    }

    @Test
    void updateNeedsIfMatchAndRejectsAStaleOne() {
        String id = Org.team(Org.unique("Versioned"), null, null);
        String path = TEAMS + "/" + id;
        String v0 = OrgAdmin.etag(path);
        assertEquals("\"0\"", v0);

        Problems.expect(Api.as(Org.ADMIN).body(team("No precondition", null, null)).put(path), 428, "precondition-required");

        String newName = Org.unique("Renamed");
        var updated = Api.as(Org.ADMIN).header("If-Match", v0).body(team(newName, null, null)).put(path)
                .then().statusCode(200).body("name", equalTo(newName)).body("version", equalTo(1)).extract();
        assertEquals("\"1\"", updated.header("ETag"));
        assertNotEquals(v0, updated.header("ETag"));

        // The old ETag is stale now.
        Problems.expect(Api.as(Org.ADMIN).header("If-Match", v0).body(team("Lost update", null, null)).put(path),
                412, "precondition-failed");
        Problems.expect(Api.as(Org.ADMIN).header("If-Match", "\"999\"").body(team("Lost update", null, null)).put(path),
                412, "precondition-failed");
        Problems.expect(Api.as(Org.ADMIN).header("If-Match", "not-an-etag").body(team("Lost update", null, null)).put(path),
                412, "precondition-failed");
        Api.as(Org.ADMIN).get(path).then().statusCode(200).body("name", equalTo(newName)).header("ETag", equalTo("\"1\""));
    }

    @Test
    void deactivateAndAssignAManager() {
        String managerId = Org.user(Org.unique("mgr"), null);
        String id = Org.team(Org.unique("To deactivate"), null, null);
        String path = TEAMS + "/" + id;
        Map<String, Object> body = team("To deactivate", null, managerId);
        body.put("active", false);
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(path)).body(body).put(path).then().statusCode(200)
                .body("active", equalTo(false)).body("managerId", equalTo(managerId));
        Api.as(Org.ADMIN).get(path).then().statusCode(200).body("active", equalTo(false)).body("managerId", equalTo(managerId));
    }

    @Test
    void historyRecordsWhoChangedWhat() {
        String name = Org.unique("Audited");
        String id = Org.team(name, null, null);
        String path = TEAMS + "/" + id;
        String renamed = Org.unique("Audited renamed");
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(path)).body(team(renamed, null, null)).put(path)
                .then().statusCode(200);
        Api.as(Org.ADMIN).get(path + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("UPDATE", "CREATE")))
                .body("items.entityType", equalTo(List.of("TEAM", "TEAM")))
                .body("items.entityId", equalTo(List.of(id, id)))
                .body("items[0].changes.field", equalTo(List.of("name")))
                .body("items[0].changes[0].oldValue", equalTo(name))
                .body("items[0].changes[0].newValue", equalTo(renamed));
        // Pages of one, newest first.
        var first = Api.as(Org.ADMIN).queryParam("limit", 1).get(path + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("UPDATE"))).body("nextCursor", notNullValue()).extract();
        Api.as(Org.ADMIN).queryParam("limit", 1).queryParam("cursor", (String) first.path("nextCursor"))
                .get(path + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("CREATE"))).body("nextCursor", nullValue());
        String integration = OrgAdmin.person(null, "integration").auth();
        Api.as(integration).get(path + "/history").then().statusCode(200).body("items", hasSize(2));
        Problems.notFound(Api.as(Org.ADMIN).get(TEAMS + "/" + UUID.randomUUID() + "/history"));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "garbage").get(path + "/history"), "cursor");
    }

    @Test
    void unknownOrMalformedTeamId() {
        Problems.notFound(Api.as(Org.ADMIN).get(TEAMS + "/" + UUID.randomUUID()));
        Problems.notFound(Api.as(Org.ADMIN).header("If-Match", "\"0\"").body(team("x", null, null))
                .put(TEAMS + "/" + UUID.randomUUID()));
        Problems.invalidField(Api.as(Org.ADMIN).get(TEAMS + "/not-a-uuid"), "id");
    }

    @Test
    void listPagesWithLimitAndCursor() {
        String a = Org.team(Org.unique("Page A"), null, null);
        String b = Org.team(Org.unique("Page B"), null, null);
        String c = Org.team(Org.unique("Page C"), null, null);

        // Walking the whole list in pages of 2 finds each of them exactly once, oldest first.
        List<Map<String, Object>> all = Pages.allItems(Org.ADMIN, TEAMS, Map.of(), 2);
        List<Object> ids = all.stream().map(t -> t.get("id")).toList();
        assertTrue(ids.indexOf(a) >= 0 && ids.indexOf(a) < ids.indexOf(b) && ids.indexOf(b) < ids.indexOf(c), ids.toString());
        for (int i = 1; i < all.size(); i++) {
            Instant previous = Instant.parse((String) all.get(i - 1).get("createdAt"));
            Instant current = Instant.parse((String) all.get(i).get("createdAt"));
            assertTrue(!current.isBefore(previous), "ordered by creation");
        }
        // The same result in pages of 200.
        assertEquals(ids, Pages.allIds(Org.ADMIN, TEAMS));

        // One page of one: a cursor that leads to the next team.
        var first = Api.as(Org.ADMIN).queryParam("limit", 1).get(TEAMS).then().statusCode(200)
                .body("items", hasSize(1)).body("nextCursor", notNullValue()).extract();
        Api.as(Org.ADMIN).queryParam("limit", 1).queryParam("cursor", (String) first.path("nextCursor")).get(TEAMS)
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(ids.get(1)))
                .body("items.id", not(hasItem((String) first.path("items[0].id"))));
    }

    @Test
    void listRejectsBadPaging() {
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("limit", 201).get(TEAMS), "limit");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("limit", 0).get(TEAMS), "limit");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "garbage").get(TEAMS), "cursor")
                .body("detail", containsString("cursor"));
        // A well-formed base64 text that this API did not issue.
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "azE6bm90LWEtY3Vyc29y").get(TEAMS), "cursor");
        Api.as(Org.ADMIN).queryParam("limit", 200).get(TEAMS).then().statusCode(200);
    }

    @Test
    void nonNumericLimitIsAValidationError() {
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("limit", "ten").get(TEAMS), "limit");
    }

    @Test
    void integrationReadsButDoesNotWrite() {
        String integration = OrgAdmin.person(null, "integration").auth();
        String name = Org.unique("Visible to integration");
        String id = Org.team(name, null, null);
        Api.as(integration).get(TEAMS + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .header("ETag", equalTo("\"0\""));
        assertTrue(Pages.allIds(integration, TEAMS).contains(id));
        Problems.forbidden(Api.as(integration).body(team(Org.unique("Nope"), null, null)).post(TEAMS));
        Problems.forbidden(Api.as(integration).header("If-Match", "\"0\"").body(team("Nope", null, null))
                .put(TEAMS + "/" + id));
        Api.as(Org.ADMIN).get(TEAMS + "/" + id).then().statusCode(200).body("version", equalTo(0))
                .body("name", equalTo(name));
    }

    @Test
    void salesAndManagersCannotReadOrWriteTeams() {
        String id = Org.team(Org.unique("Hidden from reps"), null, null);
        for (String role : List.of("sales", "manager")) {
            String auth = OrgAdmin.person(id, role).auth();
            Problems.forbidden(Api.as(auth).get(TEAMS));
            Problems.forbidden(Api.as(auth).get(TEAMS + "/" + id));
            Problems.forbidden(Api.as(auth).body(team(Org.unique("Nope"), null, null)).post(TEAMS));
            Problems.forbidden(Api.as(auth).header("If-Match", "\"0\"").body(team("Nope", null, null)).put(TEAMS + "/" + id));
        }
        Api.as(Org.ADMIN).get(TEAMS + "/" + id).then().statusCode(200).body("version", equalTo(0));
    }
}
