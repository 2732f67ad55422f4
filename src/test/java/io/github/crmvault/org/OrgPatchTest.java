package io.github.crmvault.org;

import static io.github.crmvault.support.MergePatches.patch;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PATCH (JSON Merge Patch) of teams and users: PUT's rules on the fields a patch names. */
@QuarkusTest
class OrgPatchTest {
    private static final String TEAMS = "/api/v1/teams/";
    private static final String USERS = "/api/v1/users/";

    @Test
    void aTeamPatchChangesTheFieldsItNamesAndKeepsTheRest() {
        String parentId = Org.team(Org.unique("Parent"), null, null);
        String managerLogin = Org.unique("manager");
        String managerId = Org.user(managerLogin, parentId);
        String name = Org.unique("Patched team");
        String id = Org.team(name, parentId, managerId);
        String path = TEAMS + id;

        // null clears an optional field; the others stay
        patch(Org.ADMIN, path, "\"0\"", "{\"managerId\": null}").then().statusCode(200).header("ETag", "\"1\"")
                .body("name", equalTo(name)).body("parentId", equalTo(parentId))
                .body("managerId", nullValue()).body("active", equalTo(true));
        // nothing to change: no new version, no history
        patch(Org.ADMIN, path, "\"1\"", "{\"name\": \"" + name + "\"}").then().statusCode(200).header("ETag", "\"1\"");
        Api.as(Org.ADMIN).get(path + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("UPDATE", "CREATE")))
                .body("items[0].changes.field", equalTo(List.of("managerId")))
                .body("items[0].changes[0].oldValue", equalTo(managerId));

        Problems.invalidField(patch(Org.ADMIN, path, "\"1\"", "{\"name\": null}"), "name");
        Problems.invalidField(patch(Org.ADMIN, path, "\"1\"", "{\"createdBy\": \"x\"}"), "createdBy");
        Problems.invalidField(patch(Org.ADMIN, path, "\"1\"", "{\"parentId\": \"" + id + "\"}"), "parentId");
        Problems.notFound(patch(Org.ADMIN, TEAMS + UUID.randomUUID(), "\"0\"", "{\"name\": \"x\"}"));
        MergePatches.refusesBadRequests(Org.ADMIN, path, "\"1\"", "{\"active\": false}");
        Api.as(Org.ADMIN).get(path + "/history").then().statusCode(200).body("items.action", equalTo(List.of("UPDATE", "CREATE")));
    }

    @Test
    void aUserPatchChangesTheFieldsItNamesAndKeepsTheRest() {
        String teamId = Org.team(Org.unique("Users"), null, null);
        String login = Org.unique("patched");
        String id = Org.user(login, teamId);
        String path = USERS + id;

        patch(Org.ADMIN, path, "\"0\"", "{\"leavingOn\": \"2026-12-31\"}").then().statusCode(200)
                .header("ETag", "\"1\"").body("login", equalTo(login)).body("displayName", equalTo("User " + login))
                .body("teamId", equalTo(teamId)).body("active", equalTo(true)).body("leavingOn", equalTo("2026-12-31"));
        patch(Org.ADMIN, path, "\"1\"", "{\"leavingOn\": null, \"displayName\": \"张伟\"}").then().statusCode(200)
                .header("ETag", "\"2\"").body("leavingOn", nullValue()).body("displayName", equalTo("张伟"))
                .body("teamId", equalTo(teamId));
        Api.as(Org.ADMIN).get(path + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("UPDATE", "UPDATE", "CREATE")))
                .body("items[0].changes.field", equalTo(List.of("displayName", "leavingOn")))
                .body("items[1].changes.field", equalTo(List.of("leavingOn")));

        Problems.invalidField(patch(Org.ADMIN, path, "\"2\"", "{\"active\": null}"), "active");
        Problems.invalidField(patch(Org.ADMIN, path, "\"2\"", "{\"displayName\": null}"), "displayName");
        // the login never changes: it is no field of the update
        Problems.invalidField(patch(Org.ADMIN, path, "\"2\"", "{\"login\": \"someone-else\"}"), "login");
        Problems.invalidField(patch(Org.ADMIN, path, "\"2\"", "{\"teamId\": \"" + UUID.randomUUID() + "\"}"), "teamId");
        Problems.notFound(patch(Org.ADMIN, USERS + UUID.randomUUID(), "\"0\"", "{\"active\": true}"));
        MergePatches.refusesBadRequests(Org.ADMIN, path, "\"2\"", "{\"active\": false}");
        // a deactivation by patch follows PUT's rules: it works for a user who owns no customers
        patch(Org.ADMIN, path, "\"2\"", "{\"active\": false}").then().statusCode(200).body("active", equalTo(false));
        Api.as(Org.ADMIN).get(path + "/history").then().statusCode(200).body("items[0].action", equalTo("DEACTIVATE"));
    }

    @Test
    void deactivatingAUserWhoOwnsCustomersIsRefusedAsByPut() {
        Org.Person rep = Org.rep();
        io.github.crmvault.support.Customers.create(rep.auth(), Org.unique("Owned"));
        String path = USERS + rep.id();
        Problems.expect(patch(Org.ADMIN, path, OrgAdmin.etag(path), "{\"active\": false}"), 409, "user-owns-customers");
    }
}
