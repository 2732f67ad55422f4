package io.github.crmvault.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A valid token is not enough: the login must be an active user, except an admin bootstrapping. */
@QuarkusTest
class UserStatusTest {

    @Test
    void unknownLoginIsForbiddenAsUnknownUser() {
        String login = Org.unique("nobody");
        String auth = Tokens.bearer(login, "sales");
        Problems.expect(Api.as(auth).get("/api/v1/me"), 403, "unknown-user")
                .body("detail", containsString(login))
                .body("detail", containsString("No user"));
        Problems.expect(Api.as(auth).get("/api/v1/customers"), 403, "unknown-user");
        Problems.expect(Api.as(auth).body(Customers.body(Org.unique("Ghost Co"))).post("/api/v1/customers"),
                403, "unknown-user");
    }

    @Test
    void unknownManagerAndIntegrationLoginsAreForbiddenToo() {
        Problems.expect(Api.as(Tokens.bearer(Org.unique("nobody"), "manager")).get("/api/v1/customers"), 403, "unknown-user");
        Problems.expect(Api.as(Tokens.bearer(Org.unique("nobody"), "integration")).get("/api/v1/teams"), 403, "unknown-user");
    }

    @Test
    void deactivatedUserIsRefusedAndNothingTheyCreatedIsRemoved() {
        Org.Person rep = Org.rep();
        String name = Org.unique("Deactivation Co");
        String customerId = Customers.create(rep.auth(), name);
        String contactId = Api.as(rep.auth()).body(Map.of("name", "王芳")).post("/api/v1/customers/" + customerId + "/contacts")
                .then().statusCode(201).extract().path("id");
        Api.as(rep.auth()).get("/api/v1/me").then().statusCode(200).body("user.active", equalTo(true));

        // The rep leaves: the admin hands their customers to a successor and deactivates them in one request.
        String userPath = "/api/v1/users/" + rep.id();
        Org.Person successor = Org.rep();
        Api.as(Org.ADMIN).body(Map.of("toUserId", successor.id(), "reason", "离职交接", "deactivate", true))
                .post(userPath + "/handover").then().statusCode(200)
                .body("user.active", equalTo(false)).body("user.id", equalTo(rep.id()));

        // At once, on the very next request, the rep is refused everywhere.
        Problems.expect(Api.as(rep.auth()).get("/api/v1/me"), 403, "unknown-user")
                .body("detail", containsString("deactivated"));
        Problems.expect(Api.as(rep.auth()).get("/api/v1/customers/" + customerId), 403, "unknown-user");
        Problems.expect(Api.as(rep.auth()).get("/api/v1/customers"), 403, "unknown-user");
        Problems.expect(Api.as(rep.auth()).body(Customers.body(Org.unique("After Co"))).post("/api/v1/customers"),
                403, "unknown-user");

        // Nothing they created is gone: the customer, its contact and its history remain, with the successor.
        Api.as(Org.ADMIN).get("/api/v1/customers/" + customerId).then().statusCode(200)
                .body("name", equalTo(name)).body("ownerId", equalTo(successor.id())).body("archived", equalTo(false));
        Api.as(Org.ADMIN).get("/api/v1/customers/" + customerId + "/contacts/" + contactId).then().statusCode(200)
                .body("archived", equalTo(false));
        Api.as(Org.ADMIN).get("/api/v1/customers/" + customerId + "/history").then().statusCode(200)
                .body("items.action", hasItem("CREATE"))
                .body("items.actor", hasItem(rep.login()));
        Api.as(successor.auth()).queryParam("ownerId", "me").get("/api/v1/customers").then().statusCode(200)
                .body("items.id", hasItem(customerId));
        Api.as(Org.ADMIN).get(userPath).then().statusCode(200).body("active", equalTo(false))
                .body("login", equalTo(rep.login()));

        // Reactivated, the rep can work again; the customer stays with the successor.
        OrgAdmin.setUserActive(rep.id(), true);
        Api.as(rep.auth()).get("/api/v1/me").then().statusCode(200).body("user.active", equalTo(true));
        Problems.notFound(Api.as(rep.auth()).get("/api/v1/customers/" + customerId));
    }

    @Test
    void adminWithoutUserRowBootstrapsTheOrganisation() {
        String login = Org.unique("boss");
        String admin = Tokens.bearer(login, "admin");
        Api.as(admin).get("/api/v1/me").then().statusCode(200)
                .body("login", equalTo(login))
                .body("roles", equalTo(java.util.List.of("admin")))
                .body("user", nullValue())
                .body("managedTeamIds", empty())
                .body("seesEverything", equalTo(true));

        String teamId = Api.as(admin).body(Map.of("name", Org.unique("East region"))).post("/api/v1/teams")
                .then().statusCode(201).body("createdBy", equalTo(login)).extract().path("id");
        String alice = Org.unique("alice");
        String aliceId = Api.as(admin).body(Map.of("login", alice, "displayName", "Alice", "teamId", teamId))
                .post("/api/v1/users").then().statusCode(201)
                .body("login", equalTo(alice)).body("teamId", equalTo(teamId)).body("active", equalTo(true))
                .body("createdBy", equalTo(login))
                .extract().path("id");

        // The user the bootstrap admin created can now work.
        Api.as(Tokens.bearer(alice, "sales")).get("/api/v1/me").then().statusCode(200)
                .body("user.id", equalTo(aliceId)).body("seesEverything", equalTo(false));
    }

    @Test
    void aDeactivatedAdminIsRefusedEvenThoughAdminsMayBootstrap() {
        // Bootstrap applies only when there is no user row; an admin whose row is deactivated is out.
        String login = Org.unique("former-admin");
        String id = Org.user(login, null);
        String auth = Tokens.bearer(login, "admin");
        Api.as(auth).get("/api/v1/me").then().statusCode(200).body("user.id", equalTo(id));
        OrgAdmin.setUserActive(id, false);
        Problems.expect(Api.as(auth).get("/api/v1/me"), 403, "unknown-user");
        Problems.expect(Api.as(auth).body(Map.of("name", Org.unique("t"))).post("/api/v1/teams"), 403, "unknown-user");
    }
}
