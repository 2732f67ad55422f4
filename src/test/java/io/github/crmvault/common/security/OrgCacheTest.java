package io.github.crmvault.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.CompanyDay;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Callers are resolved from an in-process cache only at the organisation version the request read with
 * its rate-limit count (OrgCache, V28): every org change, through the API or straight in SQL, is seen by
 * the very next request.
 */
@QuarkusTest
class OrgCacheTest {
    @Inject
    DataSource db;
    @Inject
    OrgCache cache;

    /** A manager of a region, a rep in a team outside it, and the rep's customer. */
    record Scene(Org.Person manager, String region, String outside, Org.Person rep, String customer) {
    }

    private static Scene scene() {
        String company = Org.team(Org.unique("Company"), null, null);
        Org.Person manager = OrgAdmin.person(company, "manager");
        String region = Org.team(Org.unique("Region"), company, manager.id());
        String outside = Org.team(Org.unique("Elsewhere"), company, null);
        Org.Person rep = OrgAdmin.person(outside, "sales");
        String customer = Customers.create(rep.auth(), Customers.nameWith("缓存") + " 有限公司");
        return new Scene(manager, region, outside, rep, customer);
    }

    private static Response get(String auth, String customer) {
        return Api.as(auth).get("/api/v1/customers/" + customer);
    }

    private long version() {
        return ((Number) Sql.value(db, "SELECT version FROM org_version")).longValue();
    }

    private static void patchTeam(String teamId, Map<String, Object> patch) {
        String path = "/api/v1/teams/" + teamId;
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(path)).contentType("application/merge-patch+json")
                .body(patch).patch(path).then().statusCode(200);
    }

    @Test
    void aResolvedCallerIsServedFromTheCacheWhileTheOrganisationIsUnchanged() {
        Scene s = scene();
        get(s.manager().auth(), s.customer()).then().statusCode(404);
        long version = version();
        OrgCache.Resolved entry = cache.get(s.manager().login(), true, version);
        assertNotNull(entry, "the manager's resolution is kept at the current version");
        assertEquals(UUID.fromString(s.manager().id()), entry.userId());
        // An edit of a column the resolution does not read keeps every entry.
        Sql.update(db, "UPDATE app_user SET display_name = 'renamed' WHERE id = CAST(? AS uuid)", s.rep().id());
        assertEquals(version, version());
        // One that it reads moves the version: the entry no longer serves.
        Sql.update(db, "UPDATE app_user SET team_id = team_id WHERE id = CAST(? AS uuid)", s.rep().id());
        assertNotEquals(version, version());
        assertNull(cache.get(s.manager().login(), true, version()));
    }

    @Test
    void aTeamMovedUnderTheManagerIsVisibleOnTheVeryNextRequestAndGoneWhenMovedBack() {
        Scene s = scene();
        get(s.manager().auth(), s.customer()).then().statusCode(404);
        get(s.manager().auth(), s.customer()).then().statusCode(404);
        patchTeam(s.outside(), Map.of("parentId", s.region()));
        get(s.manager().auth(), s.customer()).then().statusCode(200);
        String company = (String) Api.as(Org.ADMIN).get("/api/v1/teams/" + s.region()).then().extract().path("parentId");
        patchTeam(s.outside(), Map.of("parentId", company));
        Problems.notFound(get(s.manager().auth(), s.customer()));

        // Straight in SQL, as a migration or an operator would: no application code runs.
        Sql.update(db, "UPDATE team SET parent_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", s.region(), s.outside());
        get(s.manager().auth(), s.customer()).then().statusCode(200);
        Sql.update(db, "UPDATE team SET parent_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", company, s.outside());
        Problems.notFound(get(s.manager().auth(), s.customer()));
    }

    @Test
    void aUserMovedOrAManagerReplacedChangesVisibilityOnTheVeryNextRequest() {
        Scene s = scene();
        Problems.notFound(get(s.manager().auth(), s.customer()));
        Sql.update(db, "UPDATE app_user SET team_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", s.region(), s.rep().id());
        get(s.manager().auth(), s.customer()).then().statusCode(200);
        Sql.update(db, "UPDATE team SET manager_id = NULL WHERE id = CAST(? AS uuid)", s.region());
        Problems.notFound(get(s.manager().auth(), s.customer()));
    }

    @Test
    void aDeactivatedUserIsRefusedOnTheVeryNextRequest() {
        Scene s = scene();
        get(s.rep().auth(), s.customer()).then().statusCode(200);
        OrgAdmin.setUserActive(s.manager().id(), false);
        Problems.expect(get(s.manager().auth(), s.customer()), 403, "unknown-user");
        OrgAdmin.setUserActive(s.manager().id(), true);
        Problems.notFound(get(s.manager().auth(), s.customer()));

        get(s.rep().auth(), s.customer()).then().statusCode(200);
        Sql.update(db, "UPDATE app_user SET active = false WHERE id = CAST(? AS uuid)", s.rep().id());
        Problems.expect(get(s.rep().auth(), s.customer()), 403, "unknown-user");
        Sql.update(db, "UPDATE app_user SET active = true WHERE id = CAST(? AS uuid)", s.rep().id());
        get(s.rep().auth(), s.customer()).then().statusCode(200);
    }

    @Test
    void aUserMarkedLeavingIsNarrowedOnTheVeryNextRequest() {
        CompanyDay.awayFromMidnight();
        Org.Person rep = Org.rep();
        String first = Customers.create(Org.ADMIN, Org.unique("公海缓存甲"));
        String second = Customers.create(Org.ADMIN, Org.unique("公海缓存乙"));
        Api.as(rep.auth()).get("/api/v1/me").then().statusCode(200);
        LocalDate leavingOn = CompanyDay.today().plusDays(10);

        OrgAdmin.setLeaving(rep.id(), leavingOn);
        Problems.expect(claim(rep.auth(), first), 403, "user-leaving");
        OrgAdmin.setLeaving(rep.id(), null);
        claim(rep.auth(), first).then().statusCode(200);

        Sql.update(db, "UPDATE app_user SET leaving_on = ? WHERE id = CAST(? AS uuid)", leavingOn, rep.id());
        Problems.expect(claim(rep.auth(), second), 403, "user-leaving");
        Sql.update(db, "UPDATE app_user SET leaving_on = NULL WHERE id = CAST(? AS uuid)", rep.id());
        claim(rep.auth(), second).then().statusCode(200);
    }

    @Test
    void aLoginCreatedAfterItWasRefusedIsKnownOnTheVeryNextRequest() {
        String login = Org.unique("late");
        String auth = Tokens.bearer(login, "sales");
        Problems.expect(Api.as(auth).get("/api/v1/me"), 403, "unknown-user");
        Org.user(login, Org.team(Org.unique("team"), null, null));
        Api.as(auth).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aVersionSeenInsideATransactionThatRollsBackIsNeverCommitted() throws SQLException {
        long before = version();
        long seenInside;
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("UPDATE team SET manager_id = manager_id WHERE false");
            try (var rows = statement.executeQuery("SELECT version FROM org_version")) {
                rows.next();
                seenInside = rows.getLong(1);
            }
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertNotEquals(before, seenInside, "even a statement that changes no row moves the version");
        assertEquals(before, version());
        Sql.update(db, "UPDATE team SET manager_id = manager_id WHERE false");
        assertNotEquals(seenInside, version(), "a value seen by a rolled-back transaction is never reused");
    }

    @Test
    void theCacheIsBounded() {
        OrgCache bounded = new OrgCache();
        for (int i = 0; i <= OrgCache.MAX_ENTRIES; i++) {
            bounded.put("login" + i, false, new OrgCache.Resolved(1, null, false, null, List.of()));
        }
        assertEquals(OrgCache.MAX_ENTRIES, bounded.size());
        assertNull(bounded.get("login0", false, 1), "the eldest went first");
        assertNotNull(bounded.get("login" + OrgCache.MAX_ENTRIES, false, 1));
        assertNull(bounded.get("login1", false, 2), "an entry serves its own version only");
    }

    @Test
    void aNewerVersionDropsTheEntriesOfOlderOnes() {
        OrgCache cache = new OrgCache();
        cache.put("ann", false, new OrgCache.Resolved(5, null, false, null, List.of()));
        cache.put("bob", true, new OrgCache.Resolved(5, null, false, null, List.of()));
        cache.put("ann", false, new OrgCache.Resolved(6, null, false, null, List.of()));
        assertEquals(1, cache.size(), "bob's entry could never serve again");
        cache.put("bob", true, new OrgCache.Resolved(5, null, false, null, List.of()));
        assertNotNull(cache.get("ann", false, 6), "a slow request's older read drops nothing");
    }

    private static Response claim(String auth, String customerId) {
        return Api.as(auth).post("/api/v1/customers/" + customerId + "/claim");
    }
}
