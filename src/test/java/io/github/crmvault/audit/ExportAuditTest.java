package io.github.crmvault.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The export log as admins read it: every export with its rows, bytes and how it ended (complete,
 * client gone before the first byte or mid-stream, database failure), keyset paged, by user and period.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportAuditTest {
    static final String PATH = "/api/v1/audit/exports";
    /** Enough customers with long notes (~30 MB as NDJSON) that no socket buffer holds the export. */
    static final int ROWS = 5_000;
    /** Generated rows are updated "in 2300", so updatedSince picks exactly them. */
    static final String SINCE = "2300-01-01T00:00:00Z";
    /** The export's cursor query as Hibernate writes it, to find its backend in pg_stat_activity. */
    static final String EXPORT_QUERY = "%from customer c1_0%order by c1_0.updated_at%";

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.bulk.jdbc.additional-jdbc-properties.ApplicationName")
    String exportApplication;
    @TestHTTPResource("/api/v1/export/customers")
    URL exportUrl;

    Org.Person owner;

    /** Once for the class; not in @BeforeAll, which runs before the test HTTP port is known. */
    @BeforeEach
    void manyCustomers() {
        if (owner != null) {
            return;
        }
        owner = Org.rep();
        Sql.update(dataSource, "INSERT INTO customer (id, name, phones, status, tags, notes, owner_id, claimed_at,"
                + " search_text, version, created_at, created_by, updated_at, updated_by)"
                + " SELECT md5(? || i)::uuid, 'Export Audit ' || i, ARRAY['199 7' || lpad(i::text, 7, '0')], 'LEAD',"
                + " ARRAY['audit'], repeat('客户关心价格和交付周期，下周带方案上门演示。', 100) || i, CAST(? AS uuid), now(),"
                + " 'export audit ' || i, 0, now(), 'export-audit', timestamptz '2300-01-01 00:00:00+00'"
                + " + i * interval '1 millisecond', 'export-audit'"
                + " FROM generate_series(1, ?) i", UUID.randomUUID().toString(), owner.id(), ROWS);
    }

    @AfterAll
    void dropThem() {
        if (owner != null) {
            Sql.update(dataSource, "DELETE FROM customer WHERE owner_id = CAST(? AS uuid) AND created_by = 'export-audit'",
                    owner.id());
        }
    }

    static Org.Person integrator() {
        return OrgAdmin.person(Org.team(Org.unique("audit"), null, null), "integration");
    }

    /** The user's exports, newest first (one page is enough here). */
    static List<Map<String, Object>> exportsOf(Org.Person user) {
        return Api.as(Org.ADMIN).queryParam("userId", user.id()).get(PATH).then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** The user's newest export once it has ended. */
    static Map<String, Object> awaitEnd(Org.Person user) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            List<Map<String, Object>> exports = exportsOf(user);
            if (!exports.isEmpty() && !"RUNNING".equals(exports.get(0).get("outcome"))) {
                return exports.get(0);
            }
            assertTrue(System.currentTimeMillis() < deadline, "the export's end was not recorded: " + exports);
            Thread.sleep(100);
        }
    }

    private HttpURLConnection open(Org.Person user) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(exportUrl + "?updatedSince=" + SINCE).openConnection();
        connection.setRequestProperty("Authorization", user.auth());
        connection.setRequestProperty("Accept", "application/x-ndjson");
        assertEquals(200, connection.getResponseCode());
        return connection;
    }

    private static long number(Map<String, Object> entry, String field) {
        return ((Number) entry.get(field)).longValue();
    }

    @Test
    void aCompleteExportIsRecordedWithItsRowsAndBytesBeforeTheResponseEnds() {
        Org.Person integration = integrator();
        Instant before = Instant.now();
        Response response = Api.as(integration.auth()).accept("text/csv").queryParam("updatedSince", SINCE)
                .get("/api/v1/export/customers");
        response.then().statusCode(200);
        byte[] body = response.asByteArray();
        // No waiting: the end is written before the response's last chunk.
        List<Map<String, Object>> exports = exportsOf(integration);
        assertEquals(1, exports.size());
        Map<String, Object> entry = exports.get(0);
        assertEquals("COMPLETE", entry.get("outcome"));
        assertEquals("CUSTOMERS", entry.get("export"));
        assertEquals("CSV", entry.get("format"));
        assertEquals(SINCE, entry.get("updatedSince"));
        assertEquals(integration.id(), entry.get("userId"));
        assertEquals(integration.login(), entry.get("login"));
        assertEquals(ROWS, number(entry, "rows"));
        assertEquals(body.length, number(entry, "bytes"));
        Instant started = Instant.parse((String) entry.get("startedAt"));
        assertTrue(!started.isBefore(before.minusSeconds(1)), "started " + started);
        assertTrue(!Instant.parse((String) entry.get("endedAt")).isBefore(started));

        // An admin without a user record is on record by login; an empty export is one too.
        String admin = "admin-" + UUID.randomUUID();
        emptyExport(io.github.crmvault.support.Tokens.bearer(admin, "admin"), "deals");
        Map<String, Object> adminEntry = Api.as(Org.ADMIN).get(PATH).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(e -> admin.equals(e.get("login"))).findFirst()
                .orElseThrow();
        assertNull(adminEntry.get("userId"));
        assertEquals("DEALS", adminEntry.get("export"));
        assertEquals("CSV", adminEntry.get("format"));
        assertEquals("COMPLETE", adminEntry.get("outcome"));
        assertEquals(0L, number(adminEntry, "rows"));
        assertTrue(number(adminEntry, "bytes") > 0, "the header row");
    }

    @Test
    void aClientGoneMidStreamIsRecordedWithWhatWasSent() throws Exception {
        Org.Person integration = integrator();
        HttpURLConnection connection = open(integration);
        InputStream body = connection.getInputStream();
        body.readNBytes(1024 * 1024);
        assertEquals("RUNNING", exportsOf(integration).get(0).get("outcome"));
        connection.disconnect();
        Map<String, Object> entry = awaitEnd(integration);
        assertEquals("CLIENT_GONE", entry.get("outcome"));
        assertTrue(number(entry, "bytes") >= 1024 * 1024, "at least what the client read: " + entry);
        assertTrue(number(entry, "rows") > 0 && number(entry, "rows") < ROWS, "some rows: " + entry);
    }

    @Test
    void aClientGoneBeforeTheFirstByteIsRecorded() throws Exception {
        Org.Person integration = integrator();
        // The client sends the request and never reads a byte; it goes away once the export runs (a
        // connection closed before the server even handled the request leaves nothing to record).
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/export/customers?updatedSince=" + SINCE + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + integration.auth() + "\r\nAccept: application/x-ndjson\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long deadline = System.currentTimeMillis() + 20_000;
            while (exportsOf(integration).isEmpty()) {
                assertTrue(System.currentTimeMillis() < deadline, "the export did not start");
                Thread.sleep(50);
            }
        }
        Map<String, Object> entry = awaitEnd(integration);
        assertEquals("CLIENT_GONE", entry.get("outcome"));
        assertTrue(number(entry, "rows") < ROWS, "not the whole export: " + entry);
    }

    @Test
    void aDatabaseFailureMidStreamIsRecordedAsFailed() throws Exception {
        Org.Person integration = integrator();
        HttpURLConnection connection = open(integration);
        InputStream body = connection.getInputStream();
        body.readNBytes(1024 * 1024);
        // Only this run's export pool (other test runs may share the server).
        long deadline = System.currentTimeMillis() + 5_000;
        while (((Number) Sql.value(dataSource, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = ? AND state IN ('active', 'idle in transaction') AND query LIKE ?",
                exportApplication, EXPORT_QUERY)).intValue() == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the export's backend was not found");
            Thread.sleep(50);
        }
        assertThrows(IOException.class, () -> body.readAllBytes());
        Map<String, Object> entry = awaitEnd(integration);
        assertEquals("FAILED", entry.get("outcome"));
        assertTrue(number(entry, "rows") > 0 && number(entry, "rows") < ROWS, "some rows: " + entry);
        assertTrue(number(entry, "bytes") >= 1024 * 1024, "at least what the client read: " + entry);
    }

    @Test
    void theListPagesByKeysetNewestFirstAndFiltersByUserAndPeriod() {
        Org.Person integration = integrator();
        Org.Person other = integrator();
        for (String export : List.of("customers", "contacts", "visits", "deals", "customers")) {
            emptyExport(integration.auth(), export);
        }
        emptyExport(other.auth(), "deals");

        List<Map<String, Object>> mine = Pages.allItems(Org.ADMIN, PATH, Map.of("userId", integration.id()), 2);
        assertEquals(List.of("CUSTOMERS", "DEALS", "VISITS", "CONTACTS", "CUSTOMERS"),
                mine.stream().map(e -> e.get("export")).toList());
        assertTrue(mine.stream().allMatch(e -> integration.id().equals(e.get("userId"))));
        List<Instant> started = mine.stream().map(e -> Instant.parse((String) e.get("startedAt"))).toList();
        for (int i = 1; i < started.size(); i++) {
            assertTrue(!started.get(i).isAfter(started.get(i - 1)), "newest first: " + started);
        }
        // A page boundary does not move when newer exports arrive between pages.
        var first = Api.as(Org.ADMIN).queryParams(Map.of("userId", integration.id(), "limit", 2)).get(PATH)
                .then().statusCode(200).extract().jsonPath();
        emptyExport(integration.auth(), "visits");
        List<Object> second = Api.as(Org.ADMIN).queryParams(Map.of("userId", integration.id(), "limit", 2,
                "cursor", first.getString("nextCursor"))).get(PATH).then().statusCode(200).extract().jsonPath()
                .getList("items.id");
        assertEquals(List.of(mine.get(2).get("id"), mine.get(3).get("id")), second);

        // The period is of days in the company's time zone (Asia/Shanghai), to inclusive.
        age(mine.get(4), "2025-01-10 00:30:00+08");
        age(mine.get(3), "2025-01-20 23:30:00+08");
        assertEquals(List.of(mine.get(4).get("id")), periodIds(integration, "2025-01-01", "2025-01-10"));
        assertEquals(List.of(mine.get(3).get("id"), mine.get(4).get("id")),
                periodIds(integration, "2025-01-10", "2025-01-20"));
        assertEquals(List.of(mine.get(3).get("id")), periodIds(integration, "2025-01-11", "2025-01-31"));
        assertEquals(List.of(), periodIds(integration, "2025-01-21", "2025-02-28"));
        assertEquals(List.of(), periodIds(integration, null, "2025-01-09"));
        assertEquals(2, periodIds(integration, null, "2025-12-31").size());
        // From the 20th on: that one and the four of today.
        assertEquals(5, periodIds(integration, "2025-01-20", null).size());
        assertEquals(List.of(mine.get(3).get("id"), mine.get(4).get("id")), Pages.allIds(Org.ADMIN, PATH,
                Map.of("from", "2025-01-10", "to", "2025-01-20")).stream()
                .filter(id -> mine.stream().anyMatch(e -> e.get("id").equals(id))).toList());
        assertEquals(List.of("DEALS"), Pages.all(Org.ADMIN, PATH, Map.of("userId", other.id()), "export"));
    }

    /** A quick export: no record is that recent; CSV, so the header row is a body the contract validator accepts. */
    private static void emptyExport(String auth, String export) {
        Api.as(auth).accept("text/csv").queryParam("updatedSince", "2999-01-01T00:00:00Z").get("/api/v1/export/" + export)
                .then().statusCode(200);
    }

    private void age(Map<String, Object> entry, String startedAt) {
        Sql.update(dataSource, "UPDATE export_log SET started_at = CAST(? AS timestamptz),"
                + " ended_at = CAST(? AS timestamptz) + interval '1 second' WHERE id = CAST(? AS uuid)",
                startedAt, startedAt, entry.get("id"));
    }

    private static List<Object> periodIds(Org.Person user, String from, String to) {
        Map<String, Object> query = new java.util.HashMap<>();
        query.put("userId", user.id());
        if (from != null) {
            query.put("from", from);
        }
        if (to != null) {
            query.put("to", to);
        }
        return Pages.allIds(Org.ADMIN, PATH, query);
    }

    @Test
    void onlyAdminsReadTheLogAndBadInputIsNamed() {
        String team = Org.team(Org.unique("audit"), null, null);
        for (String role : List.of("sales", "manager", "integration")) {
            Problems.forbidden(Api.as(OrgAdmin.person(team, role).auth()).get(PATH));
        }
        Problems.unauthenticated(Api.anonymous().get(PATH));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("userId", "someone").get(PATH), "userId");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("from", "yesterday").get(PATH), "from");
        // A date PostgreSQL cannot take is refused like any other out of 1900-9999, never a 500.
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("to", "+1000000-01-01").get(PATH), "to");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("to", "2026-02-30").get(PATH), "to");
        Problems.invalidField(Api.as(Org.ADMIN).queryParams(Map.of("from", "2026-02-01", "to", "2026-01-31")).get(PATH),
                "from");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("cursor", "nope").get(PATH), "cursor");
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("limit", "0").get(PATH), "limit");
        // An unknown user has no exports.
        Api.as(Org.ADMIN).queryParam("userId", UUID.randomUUID().toString()).get(PATH).then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
    }
}
