package io.github.crmvault.org;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Users: logins that tokens name. Admins write; admin and integration read. */
@QuarkusTest
class UsersApiTest {
    private static final String USERS = "/api/v1/users";

    private static Map<String, Object> newUser(String login, String teamId) {
        Map<String, Object> body = new HashMap<>();
        body.put("login", login);
        body.put("displayName", "张伟");
        body.put("teamId", teamId);
        return body;
    }

    private static Map<String, Object> update(String displayName, String teamId, Boolean active) {
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", displayName);
        body.put("teamId", teamId);
        body.put("active", active);
        return body;
    }

    @Test
    void createAndGet() {
        String team = Org.team(Org.unique("Users team"), null, null);
        String login = Org.unique("zhang.wei");
        var created = Api.as(Org.ADMIN).body(newUser(login, team)).post(USERS).then().statusCode(201)
                .body("login", equalTo(login))
                .body("displayName", equalTo("张伟"))
                .body("teamId", equalTo(team))
                .body("active", equalTo(true))
                .body("version", equalTo(0))
                .body("createdAt", notNullValue())
                .header("ETag", equalTo("\"0\""))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/v1/users/" + id), created.header("Location"));
        Api.as(Org.ADMIN).get(USERS + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("login", equalTo(login)).body("teamId", equalTo(team))
                .header("ETag", equalTo("\"0\""));
    }

    @Test
    void aUserMayHaveNoTeamAndBeCreatedInactive() {
        String login = Org.unique("floating");
        Map<String, Object> body = newUser(login, null);
        body.put("active", false);
        Api.as(Org.ADMIN).body(body).post(USERS).then().statusCode(201)
                .body("teamId", nullValue()).body("active", equalTo(false));
        Problems.expect(Api.as(io.github.crmvault.support.Tokens.bearer(login, "sales")).get("/api/v1/me"), 403, "unknown-user");
    }

    @Test
    void duplicateLoginIsAConflict() {
        String login = Org.unique("twice");
        Org.user(login, null);
        Problems.expect(Api.as(Org.ADMIN).body(newUser(login, null)).post(USERS), 409, "conflict")
                .body("detail", containsString(login));
        // Exactly one user holds the login.
        long holders = Pages.all(Org.ADMIN, USERS, Map.of(), "login").stream().filter(login::equals).count();
        assertEquals(1, holders);
    }

    @Test
    void loginAndDisplayNameAreValidated() {
        Problems.invalidField(Api.as(Org.ADMIN).body(newUser("has space", null)).post(USERS), "login");
        Problems.invalidField(Api.as(Org.ADMIN).body(newUser("", null)).post(USERS), "login");
        Map<String, Object> noName = newUser(Org.unique("noname"), null);
        noName.remove("displayName");
        Problems.invalidField(Api.as(Org.ADMIN).body(noName).post(USERS), "displayName");
    }

    @Test
    void unknownTeamIsAFieldError() {
        String ghost = UUID.randomUUID().toString();
        Problems.invalidField(Api.as(Org.ADMIN).body(newUser(Org.unique("lost"), ghost)).post(USERS), "teamId")
                .body("detail", containsString("teamId"));
        String id = Org.user(Org.unique("mover"), null);
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(USERS + "/" + id))
                .body(update("Mover", ghost, true)).put(USERS + "/" + id), "teamId");
        Api.as(Org.ADMIN).get(USERS + "/" + id).then().statusCode(200).body("teamId", nullValue()).body("version", equalTo(0));
    }

    @Test
    void updateNeedsIfMatchAndRejectsAStaleOne() {
        String team = Org.team(Org.unique("Move to"), null, null);
        String login = Org.unique("versioned");
        String id = Org.user(login, null);
        String path = USERS + "/" + id;
        String v0 = OrgAdmin.etag(path);
        assertEquals("\"0\"", v0);

        Problems.expect(Api.as(Org.ADMIN).body(update("No precondition", null, true)).put(path), 428, "precondition-required");

        var updated = Api.as(Org.ADMIN).header("If-Match", v0).body(update("王芳", team, true)).put(path).then()
                .statusCode(200)
                .body("displayName", equalTo("王芳")).body("teamId", equalTo(team)).body("login", equalTo(login))
                .body("version", equalTo(1)).extract();
        assertEquals("\"1\"", updated.header("ETag"));

        Problems.expect(Api.as(Org.ADMIN).header("If-Match", v0).body(update("Stale", null, true)).put(path),
                412, "precondition-failed");
        Api.as(Org.ADMIN).get(path).then().statusCode(200).body("displayName", equalTo("王芳"))
                .header("ETag", equalTo("\"1\""));
    }

    @Test
    void loginCannotBeChanged() {
        String id = Org.user(Org.unique("fixed"), null);
        Map<String, Object> body = update("Fixed", null, true);
        body.put("login", "someone-else");
        Problems.invalidField(Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(USERS + "/" + id)).body(body)
                .put(USERS + "/" + id), "login");
    }

    @Test
    void historyRecordsDeactivationAndReactivation() {
        String login = Org.unique("audited");
        String id = Org.user(login, null);
        OrgAdmin.setUserActive(id, false);
        OrgAdmin.setUserActive(id, true);
        Api.as(Org.ADMIN).get(USERS + "/" + id + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("ACTIVATE", "DEACTIVATE", "CREATE")))
                .body("items.entityType", everyItem(equalTo("USER")))
                .body("items[1].changes.field", equalTo(List.of("active")))
                .body("items[1].changes[0].oldValue", equalTo(true))
                .body("items[1].changes[0].newValue", equalTo(false))
                .body("items[2].changes.field", hasItem("login"));
        Problems.notFound(Api.as(Org.ADMIN).get(USERS + "/" + UUID.randomUUID() + "/history"));
        Problems.forbidden(Api.as(OrgAdmin.person(null, "manager").auth()).get(USERS + "/" + id + "/history"));
    }

    @Test
    void unknownOrMalformedUserId() {
        Problems.notFound(Api.as(Org.ADMIN).get(USERS + "/" + UUID.randomUUID()));
        Problems.notFound(Api.as(Org.ADMIN).header("If-Match", "\"0\"").body(update("x", null, true))
                .put(USERS + "/" + UUID.randomUUID()));
        Problems.invalidField(Api.as(Org.ADMIN).get(USERS + "/12345"), "id");
    }

    @Test
    void listByTeamAndPaging() {
        String team = Org.team(Org.unique("Listed"), null, null);
        String a = Org.user(Org.unique("list-a"), team);
        String b = Org.user(Org.unique("list-b"), team);
        String c = Org.user(Org.unique("list-c"), team);
        Org.user(Org.unique("elsewhere"), null);

        Api.as(Org.ADMIN).queryParam("teamId", team).get(USERS).then().statusCode(200)
                .body("items.id", equalTo(List.of(a, b, c)))
                .body("items.teamId", everyItem(equalTo(team)))
                .body("nextCursor", nullValue());

        var first = Api.as(Org.ADMIN).queryParam("teamId", team).queryParam("limit", 2).get(USERS).then().statusCode(200)
                .body("items.id", equalTo(List.of(a, b))).body("nextCursor", notNullValue()).extract();
        Api.as(Org.ADMIN).queryParam("teamId", team).queryParam("limit", 2)
                .queryParam("cursor", (String) first.path("nextCursor")).get(USERS).then().statusCode(200)
                .body("items.id", equalTo(List.of(c))).body("nextCursor", nullValue());

        List<Object> everyone = Pages.allIds(Org.ADMIN, USERS);
        assertTrue(everyone.containsAll(List.of(a, b, c)));

        Api.as(Org.ADMIN).queryParam("teamId", UUID.randomUUID().toString()).get(USERS).then().statusCode(200)
                .body("items", hasSize(0));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("teamId", "nope").get(USERS), "teamId");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("limit", 201).get(USERS), "limit");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "%%%").get(USERS), "cursor");
    }

    @Test
    void integrationReadsButDoesNotWrite() {
        String integration = OrgAdmin.person(null, "integration").auth();
        String login = Org.unique("seen");
        String id = Org.user(login, null);
        Api.as(integration).get(USERS + "/" + id).then().statusCode(200).body("login", equalTo(login));
        assertTrue(Pages.allIds(integration, USERS).contains(id));
        Problems.forbidden(Api.as(integration).body(newUser(Org.unique("nope"), null)).post(USERS));
        Problems.forbidden(Api.as(integration).header("If-Match", "\"0\"").body(update("Nope", null, false))
                .put(USERS + "/" + id));
        Api.as(Org.ADMIN).get(USERS + "/" + id).then().statusCode(200).body("active", equalTo(true))
                .body("version", equalTo(0));
    }

    @Test
    void salesAndManagersCannotReadOrWriteUsers() {
        String id = Org.user(Org.unique("private"), null);
        for (String role : List.of("sales", "manager")) {
            String auth = OrgAdmin.person(null, role).auth();
            Problems.forbidden(Api.as(auth).get(USERS));
            Problems.forbidden(Api.as(auth).get(USERS + "/" + id));
            Problems.forbidden(Api.as(auth).body(newUser(Org.unique("nope"), null)).post(USERS));
            Problems.forbidden(Api.as(auth).header("If-Match", "\"0\"").body(update("Nope", null, false))
                    .put(USERS + "/" + id));
        }
        Api.as(Org.ADMIN).get(USERS + "/" + id).then().statusCode(200).body("active", equalTo(true));
    }
}
