package io.github.crmvault.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Callers are resolved from an in-process cache (OrgCache) kept fresh by LISTEN/NOTIFY on the
 * organisation's version (V28) and a heartbeat read of it: a cached caller costs no statement; a change
 * through this instance's API is seen by the very next request; one straight in SQL within the bound;
 * one whose notification is lost within two heartbeats; and a killed listener connection serves nothing
 * stale.
 */
@QuarkusTest
class OrgCacheTest {
    @Inject
    DataSource db;
    @Inject
    OrgCache cache;
    @Inject
    OrgListener listener;
    @Inject
    OrgCacheSettings settings;

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

    /**
     * Runs statements with triggers off (session_replication_role = replica): the row changes, the
     * organisation's version does not move and nobody is notified, so only a read of the row can see it.
     */
    private void withoutTriggers(String... statements) {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL session_replication_role = replica");
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long a change straight in SQL may take to be seen: two heartbeats, plus slack for a busy machine. */
    private Duration bound() {
        return settings.heartbeat().multipliedBy(2).plusSeconds(3);
    }

    /** Waits until the condition holds, failing after {@code within}; returns how long it took. */
    private static Duration eventually(Duration within, String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not happen within " + within);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The rep's next request is served from the cache: it resolved the rep before, at the listener's version. */
    private void cached(Org.Person person, boolean manager, String customer, int status) {
        eventually(bound(), "the cache serving " + person.login(),
                () -> get(person.auth(), customer).statusCode() == status && cache.get(person.login(), manager) != null);
        get(person.auth(), customer).then().statusCode(status);
    }

    @Test
    void aCachedCallerIsServedWithoutReadingTheDatabase() {
        Scene s = scene();
        cached(s.rep(), false, s.customer(), 200);
        long version = version();
        // The row says deactivated, but nothing told the cache: the next request is served from the cache,
        // which it could not be if it read the caller's row (it would be refused 403 unknown-user).
        withoutTriggers("UPDATE app_user SET active = false WHERE id = '" + s.rep().id() + "'");
        try {
            get(s.rep().auth(), s.customer()).then().statusCode(200);
            assertEquals(version, version(), "the change moved no version");
        } finally {
            withoutTriggers("UPDATE app_user SET active = true WHERE id = '" + s.rep().id() + "'");
        }
        OrgCache.Resolved entry = cache.get(s.rep().login(), false);
        assertNotNull(entry);
        assertEquals(UUID.fromString(s.rep().id()), entry.userId());
        // An edit of a column the resolution does not read keeps the version, so every entry stays.
        Sql.update(db, "UPDATE app_user SET display_name = 'renamed' WHERE id = CAST(? AS uuid)", s.rep().id());
        assertEquals(version, version());
        // One that it reads moves it.
        Sql.update(db, "UPDATE app_user SET team_id = team_id WHERE id = CAST(? AS uuid)", s.rep().id());
        assertNotEquals(version, version());
    }

    @Test
    void changesThroughTheApiAreSeenOnTheVeryNextRequest() {
        Scene s = scene();
        cached(s.manager(), true, s.customer(), 404);
        patchTeam(s.outside(), Map.of("parentId", s.region()));
        get(s.manager().auth(), s.customer()).then().statusCode(200);
        String company = (String) Api.as(Org.ADMIN).get("/api/v1/teams/" + s.region()).then().extract().path("parentId");
        patchTeam(s.outside(), Map.of("parentId", company));
        Problems.notFound(get(s.manager().auth(), s.customer()));

        // The manager is replaced, then put back.
        patchTeam(s.outside(), Map.of("parentId", s.region()));
        get(s.manager().auth(), s.customer()).then().statusCode(200);
        patchTeam(s.region(), Map.of("managerId", s.rep().id()));
        Problems.notFound(get(s.manager().auth(), s.customer()));
        patchTeam(s.region(), Map.of("managerId", s.manager().id()));
        get(s.manager().auth(), s.customer()).then().statusCode(200);

        // Deactivation and reactivation.
        cached(s.rep(), false, s.customer(), 200);
        OrgAdmin.setUserActive(s.manager().id(), false);
        Problems.expect(get(s.manager().auth(), s.customer()), 403, "unknown-user");
        OrgAdmin.setUserActive(s.manager().id(), true);
        get(s.manager().auth(), s.customer()).then().statusCode(200);
    }

    /** Names are not what a resolution reads: renaming a user or a team keeps every cached caller. */
    @Test
    void renamingAUserOrATeamKeepsTheOrganisationsVersion() {
        Scene s = scene();
        long before = version();
        patchTeam(s.region(), Map.of("name", Org.unique("Renamed region")));
        String path = "/api/v1/users/" + s.rep().id();
        Api.as(Org.ADMIN).header("If-Match", OrgAdmin.etag(path)).contentType("application/merge-patch+json")
                .body(Map.of("displayName", "改名 " + Org.unique("rep"))).patch(path).then().statusCode(200);
        assertEquals(before, version());

        patchTeam(s.outside(), Map.of("parentId", s.region()));
        assertNotEquals(before, version());
    }

    @Test
    void aUserMarkedLeavingThroughTheApiIsNarrowedOnTheVeryNextRequest() {
        CompanyDay.awayFromMidnight();
        Org.Person rep = Org.rep();
        String first = Customers.create(Org.ADMIN, Org.unique("公海缓存甲"));
        String second = Customers.create(Org.ADMIN, Org.unique("公海缓存乙"));
        eventually(bound(), "the cache serving the rep", () -> {
            Api.as(rep.auth()).get("/api/v1/me").then().statusCode(200);
            return cache.get(rep.login(), false) != null;
        });
        OrgAdmin.setLeaving(rep.id(), CompanyDay.today().plusDays(10));
        Problems.expect(claim(rep.auth(), first), 403, "user-leaving");
        OrgAdmin.setLeaving(rep.id(), null);
        claim(rep.auth(), first).then().statusCode(200);

        Sql.update(db, "UPDATE app_user SET leaving_on = ? WHERE id = CAST(? AS uuid)",
                CompanyDay.today().plusDays(10), rep.id());
        // Within the bound a probe may still be served from before the change, and then claims its customer:
        // the next probe takes a new pool customer, or it would meet one the rep already holds, never the pool's.
        AtomicReference<String> probe = new AtomicReference<>(second);
        eventually(bound(), "the leaving mark set in SQL", () -> {
            int status = claim(rep.auth(), probe.get()).statusCode();
            if (status == 200) {
                probe.set(Customers.create(Org.ADMIN, Org.unique("公海缓存丙")));
            }
            return status == 403;
        });
        Sql.update(db, "UPDATE app_user SET leaving_on = NULL WHERE id = CAST(? AS uuid)", rep.id());
        eventually(bound(), "the leaving mark cleared in SQL", () -> claim(rep.auth(), probe.get()).statusCode() == 200);
    }

    @Test
    void changesStraightInSqlAreSeenWithinTheBound() {
        Scene s = scene();
        cached(s.manager(), true, s.customer(), 404);
        // Team moved under the manager's region, and back.
        Sql.update(db, "UPDATE team SET parent_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", s.region(), s.outside());
        Duration seen = eventually(bound(), "a team move", () -> get(s.manager().auth(), s.customer()).statusCode() == 200);
        String company = (String) Sql.value(db, "SELECT CAST(parent_id AS text) FROM team WHERE id = CAST(? AS uuid)",
                s.region());
        Sql.update(db, "UPDATE team SET parent_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", company, s.outside());
        eventually(bound(), "a team moved back", () -> get(s.manager().auth(), s.customer()).statusCode() == 404);

        // The rep moved into the region; then the region's manager removed.
        Sql.update(db, "UPDATE app_user SET team_id = CAST(? AS uuid) WHERE id = CAST(? AS uuid)", s.region(), s.rep().id());
        eventually(bound(), "a user move", () -> get(s.manager().auth(), s.customer()).statusCode() == 200);
        Sql.update(db, "UPDATE team SET manager_id = NULL WHERE id = CAST(? AS uuid)", s.region());
        eventually(bound(), "a manager removed", () -> get(s.manager().auth(), s.customer()).statusCode() == 404);

        // Deactivation and reactivation.
        cached(s.rep(), false, s.customer(), 200);
        Sql.update(db, "UPDATE app_user SET active = false WHERE id = CAST(? AS uuid)", s.rep().id());
        eventually(bound(), "a deactivation", () -> get(s.rep().auth(), s.customer()).statusCode() == 403);
        Problems.expect(get(s.rep().auth(), s.customer()), 403, "unknown-user");
        Sql.update(db, "UPDATE app_user SET active = true WHERE id = CAST(? AS uuid)", s.rep().id());
        eventually(bound(), "a reactivation", () -> get(s.rep().auth(), s.customer()).statusCode() == 200);
        assertTrue(seen.compareTo(bound()) < 0);
    }

    @Test
    void aLostNotificationIsCaughtByTheHeartbeat() {
        Scene s = scene();
        cached(s.rep(), false, s.customer(), 200);
        // The version moves as a change would move it, but nobody is notified.
        withoutTriggers("UPDATE app_user SET active = false WHERE id = '" + s.rep().id() + "'",
                "UPDATE org_version SET version = nextval('org_version_seq')");
        try {
            Duration took = eventually(bound(), "the heartbeat catching the change",
                    () -> get(s.rep().auth(), s.customer()).statusCode() == 403);
            Problems.expect(get(s.rep().auth(), s.customer()), 403, "unknown-user");
            assertTrue(took.compareTo(settings.heartbeat().multipliedBy(2).plusSeconds(1)) < 0,
                    "caught within two heartbeats (and slack), not " + took);
        } finally {
            Sql.update(db, "UPDATE app_user SET active = true WHERE id = CAST(? AS uuid)", s.rep().id());
        }
        eventually(bound(), "the reactivation", () -> get(s.rep().auth(), s.customer()).statusCode() == 200);
    }

    @Test
    void aKilledListenerConnectionServesNothingStaleAndReconnects() {
        Scene s = scene();
        cached(s.rep(), false, s.customer(), 200);
        int killed = listener.backendPid();
        assertNotEquals(0, killed);
        assertEquals(Boolean.TRUE, Sql.value(db, "SELECT pg_terminate_backend(?)", killed));
        eventually(bound(), "the listener noticing", () -> listener.backendPid() != killed);
        // Whether it is still away or back already, the entry read before is gone: a change nobody was told
        // of is seen by the very next request.
        withoutTriggers("UPDATE app_user SET active = false WHERE id = '" + s.rep().id() + "'");
        try {
            Problems.expect(get(s.rep().auth(), s.customer()), 403, "unknown-user");
        } finally {
            // With the version moved, as an ordinary change: the refusal just read may be cached.
            Sql.update(db, "UPDATE app_user SET active = true WHERE id = CAST(? AS uuid)", s.rep().id());
        }
        eventually(bound(), "the listener reconnecting", () -> listener.backendPid() != 0 && cache.live());
        assertNotEquals(killed, listener.backendPid());
        // Back: the cache serves again.
        cached(s.rep(), false, s.customer(), 200);
    }

    @Test
    void aLoginCreatedInSqlAfterItWasRefusedIsKnownOnTheVeryNextRequest() {
        String login = Org.unique("late");
        String auth = Tokens.bearer(login, "sales");
        Problems.expect(Api.as(auth).get("/api/v1/me"), 403, "unknown-user");
        Problems.expect(Api.as(auth).get("/api/v1/me"), 403, "unknown-user");
        withoutTriggers("INSERT INTO app_user (id, login, display_name, active, version, created_at, created_by,"
                + " updated_at, updated_by) VALUES (gen_random_uuid(), '" + login + "', 'Late', true, 0, now(), 'sql',"
                + " now(), 'sql')");
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
    void aNotificationNamesItsSchemaAndVersion() throws SQLException {
        String schema = (String) Sql.value(db, "SELECT current_schema()");
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + OrgListener.CHANNEL);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE team SET manager_id = manager_id WHERE false")) {
                update.executeUpdate();
            }
            statement.execute("SELECT 1");
            var notifications = connection.unwrap(org.postgresql.PGConnection.class).getNotifications(2000);
            statement.execute("UNLISTEN " + OrgListener.CHANNEL);
            assertNotNull(notifications);
            assertTrue(List.of(notifications).stream()
                    .anyMatch(n -> Long.valueOf(version()).equals(OrgListener.versionFor(schema, n.getParameter()))));
        }
        assertNull(OrgListener.versionFor("another_schema", schema + " 12"));
        assertEquals(12L, OrgListener.versionFor(schema, schema + " 12"));
    }

    @Test
    void anEntryServesOnlyAtTheListenersVersionWhileConfirmed() {
        long second = 1_000_000_000L;
        OrgCache cache = new OrgCache(true, 3, second);
        OrgCache.Resolved ann = new OrgCache.Resolved(5, UUID.randomUUID(), true, null, List.of());
        cache.put("ann", false, ann);
        assertNull(cache.get("ann", false), "nothing is kept before the listener connected");
        long now = System.nanoTime();
        cache.connected(5, now);
        cache.put("ann", false, ann);
        assertNotNull(cache.get("ann", false));
        assertNull(cache.get("ann", true), "a manager's token resolves apart");
        cache.put("unknown", false, new OrgCache.Resolved(5, null, false, null, List.of()));
        assertNull(cache.get("unknown", false), "unknown logins are not kept");
        cache.put("bob", false, new OrgCache.Resolved(4, UUID.randomUUID(), true, null, List.of()));
        cache.put("cid", false, new OrgCache.Resolved(6, UUID.randomUUID(), true, null, List.of()));
        assertEquals(1, cache.size(), "reads at another version than the listener's are not kept");

        cache.seen(6);
        assertNull(cache.get("ann", false), "a newer version drops the entry");
        cache.seen(5);
        assertTrue(cache.live());
        cache.put("ann", false, new OrgCache.Resolved(6, ann.userId(), true, null, List.of()));
        assertNotNull(cache.get("ann", false), "an older notification arriving late moves nothing back");

        cache.raiseFloor(7);
        assertNull(cache.get("ann", false), "this instance's own write serves nothing until the listener has it");
        cache.seen(7);
        cache.put("ann", false, new OrgCache.Resolved(7, ann.userId(), true, null, List.of()));
        assertNotNull(cache.get("ann", false));

        cache.disconnected();
        assertFalse(cache.live());
        assertNull(cache.get("ann", false), "nothing serves while the listener is away");
        cache.connected(7, System.nanoTime());
        assertNull(cache.get("ann", false), "a reconnected listener starts empty");
        cache.put("ann", false, new OrgCache.Resolved(7, ann.userId(), true, null, List.of()));
        assertNotNull(cache.get("ann", false));

        cache.confirmed(7, System.nanoTime() - 3 * second);
        assertNull(cache.get("ann", false), "nothing serves two heartbeats after the last confirmation");
        cache.confirmed(7, System.nanoTime());
        assertNotNull(cache.get("ann", false));
    }

    @Test
    void theCacheIsBounded() {
        OrgCache bounded = new OrgCache(true, 3, 1_000_000_000L);
        bounded.connected(1, System.nanoTime());
        for (int i = 0; i < 5; i++) {
            bounded.put("login" + i, false, new OrgCache.Resolved(1, UUID.randomUUID(), true, null, List.of()));
        }
        assertTrue(bounded.size() <= 3);
        assertNotNull(bounded.get("login4", false), "the newest is kept");
    }

    private static Response claim(String auth, String customerId) {
        return Api.as(auth).post("/api/v1/customers/" + customerId + "/claim");
    }
}
