package io.github.crmvault.org;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /me: the caller as the API sees them. */
@QuarkusTest
class MeApiTest {

    @Test
    void repSeesOwnRecord() {
        String team = Org.team(Org.unique("Me team"), null, null);
        Org.Person rep = OrgAdmin.person(team, "sales");
        Api.as(rep.auth()).get("/api/v1/me").then().statusCode(200)
                .body("login", equalTo(rep.login()))
                .body("roles", equalTo(List.of("sales")))
                .body("user.id", equalTo(rep.id()))
                .body("user.login", equalTo(rep.login()))
                .body("user.teamId", equalTo(team))
                .body("user.active", equalTo(true))
                .body("managedTeamIds", empty())
                .body("seesEverything", equalTo(false));
    }

    @Test
    void managerSeesTheTeamsTheyManage() {
        Org.Person manager = OrgAdmin.person(null, "manager");
        String region = Org.team(Org.unique("Managed region"), null, manager.id());
        String other = Org.team(Org.unique("Also managed"), null, manager.id());
        Org.team(Org.unique("Below, managed through the region"), region, null);
        Api.as(manager.auth()).get("/api/v1/me").then().statusCode(200)
                .body("login", equalTo(manager.login()))
                .body("roles", equalTo(List.of("manager")))
                .body("user.id", equalTo(manager.id()))
                .body("managedTeamIds", containsInAnyOrder(region, other))
                .body("seesEverything", equalTo(false));
    }

    @Test
    void severalRolesAreAllReported() {
        Org.Person person = OrgAdmin.person(null, "sales", "manager");
        Api.as(person.auth()).get("/api/v1/me").then().statusCode(200)
                .body("roles", containsInAnyOrder("sales", "manager"));
    }

    @Test
    void integrationAndAdminSeeEverything() {
        Org.Person integration = OrgAdmin.person(null, "integration");
        Api.as(integration.auth()).get("/api/v1/me").then().statusCode(200)
                .body("login", equalTo(integration.login()))
                .body("roles", equalTo(List.of("integration")))
                .body("user.id", equalTo(integration.id()))
                .body("seesEverything", equalTo(true));

        Org.Person admin = OrgAdmin.person(null, "admin");
        Api.as(admin.auth()).get("/api/v1/me").then().statusCode(200)
                .body("user.id", equalTo(admin.id()))
                .body("seesEverything", equalTo(true));

        String login = Org.unique("rowless-admin");
        Api.as(Tokens.bearer(login, "admin")).get("/api/v1/me").then().statusCode(200)
                .body("login", equalTo(login))
                .body("user", nullValue())
                .body("managedTeamIds", empty())
                .body("seesEverything", equalTo(true));
    }
}
