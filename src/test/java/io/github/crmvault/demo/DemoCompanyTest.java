package io.github.crmvault.demo;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo company on an empty schema of its own: written once, showing the domain at once. */
@QuarkusTest
@TestProfile(DemoCompanyTest.Demo.class)
class DemoCompanyTest {
    /** Demo on, in a schema of its own that Flyway cleans at start, so it starts empty. */
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return schema("_demo");
        }

        static Map<String, String> schema(String suffix) {
            String schema = System.getProperty("test.schema", "crm_test") + suffix;
            return Map.of("crm.demo.enabled", "true",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:5432/postgres?currentSchema=" + schema + ",public",
                    "quarkus.flyway.schemas", schema);
        }
    }

    private static final List<String> TABLES = List.of("team", "app_user", "customer", "contact", "visit", "visit_review",
            "deal", "customer_history");
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Inject
    DemoCompany demo;
    @Inject
    AgroalDataSource dataSource;

    private final String admin = Tokens.bearer(DemoPeople.ADMIN.login(), "admin");
    private final String manager = Tokens.bearer(DemoPeople.manager().login(), "manager");
    private final String rep = Tokens.bearer(DemoPeople.rep().login(), "sales");

    @BeforeEach
    void demoWritten() throws Exception {
        assertEquals(DemoCompany.Outcome.SEEDED, demo.outcome().toCompletableFuture().get(3, TimeUnit.MINUTES));
    }

    @Test
    void managersHaveABacklogToReviewAndCoachingWasGiven() {
        Api.as(manager).get("/api/v1/reviews/queue").then().statusCode(200).body("items.size()", greaterThan(0));
        Api.as(Tokens.bearer(DemoPeople.REGIONAL_MANAGER.login(), "manager")).get("/api/v1/reviews/queue").then()
                .statusCode(200).body("items.size()", greaterThan(0));
        assertTrue(count("SELECT count(*) FROM visit_review WHERE verdict = 'NEEDS_WORK'") > 0);
        assertTrue(count("SELECT count(*) FROM visit_review WHERE verdict = 'GOOD'") > 0);
        assertTrue(count("SELECT count(*) FROM visit WHERE NOT effective") > 0);
        assertTrue(count("SELECT count(*) FROM visit WHERE effective") > 0);
        // Ninety days of history, not one day: some visits date from two months back, some from this week.
        assertTrue(count("SELECT count(*) FROM visit WHERE visited_at < now() - interval '60 days'") > 0);
        assertTrue(count("SELECT count(*) FROM visit WHERE visited_at > now() - interval '7 days'") > 0);
    }

    @Test
    void aRepSeesGradedCustomersThePoolAndDeals() {
        List<String> grades = Api.as(rep).queryParam("limit", 100).get("/api/v1/customers").then().statusCode(200)
                .extract().jsonPath().getList("items.grade");
        assertTrue(grades.containsAll(List.of("A", "B", "C")), grades.toString());
        Api.as(rep).get("/api/v1/pool").then().statusCode(200).body("items.size()", greaterThan(0));
        Api.as(rep).get("/api/v1/claims/expiring").then().statusCode(200).body("items.size()", greaterThan(0));
        Api.as(admin).queryParam("status", "SIGNED").get("/api/v1/customers").then().statusCode(200)
                .body("items.size()", greaterThan(0));
        assertTrue(count("SELECT count(*) FROM deal WHERE status = 'CANCELLED'") > 0);
        assertTrue(count("SELECT count(*) FROM customer_owner_change WHERE kind = 'RELEASE'") > 0);
        assertTrue(count("SELECT count(*) FROM customer_owner_change WHERE kind = 'CLAIM'") > 0);
        // Protection runs from each claim and its last effective visit: some lapse soon, none is still today's.
        assertTrue(count("SELECT count(*) FROM customer WHERE owner_id IS NOT NULL AND claimed_at < now() - interval '10 days'") > 0);
    }

    @Test
    void reportsLeaderboardAndNoteSearchShowNumbersAtOnce() {
        String repId = Api.as(rep).get("/api/v1/me").then().statusCode(200).extract().path("user.id");
        Api.as(manager).queryParam("from", TODAY.minusDays(30).toString()).queryParam("to", TODAY.toString())
                .get("/api/v1/reports/reps/" + repId).then().statusCode(200)
                .body("measures.visits", greaterThan(0)).body("measures.effectiveVisits", greaterThan(0));
        Api.as(manager).queryParam("from", TODAY.minusDays(90).toString()).queryParam("to", TODAY.toString())
                .get("/api/v1/reports/leaderboard").then().statusCode(200).body("rows.size()", greaterThan(1))
                .body("rows[0].measures.visits", greaterThan(0));
        Api.as(rep).queryParam("q", "预算").get("/api/v1/visits").then().statusCode(200)
                .body("items.size()", greaterThan(0)).body("items[0].highlight", notNullValue());
        Api.as(manager).queryParam("q", "决策人").get("/api/v1/visits").then().statusCode(200).body("items.size()", greaterThan(0));
    }

    @Test
    void aSecondStartWritesNothing() {
        List<Long> before = counts();
        assertEquals(DemoCompany.Outcome.NOT_EMPTY, demo.seedIfEmpty(URI.create("http://localhost:" + RestAssured.port)));
        assertEquals(before, counts());
    }

    @Test
    void thePrintedTokensAreAcceptedByTheRunningApp() {
        String banner = demo.banner(URI.create("http://localhost:" + RestAssured.port));
        assertTrue(banner.contains("http://localhost:" + RestAssured.port + "/q/swagger-ui"), banner);
        Matcher tokens = Pattern.compile("Authorization: (Bearer \\S+)").matcher(banner);
        List<String> logins = new ArrayList<>();
        while (tokens.find()) {
            logins.add(Api.as(tokens.group(1)).get("/api/v1/me").then().statusCode(200).extract().path("login"));
        }
        assertEquals(List.of(DemoPeople.ADMIN.login(), DemoPeople.manager().login(), DemoPeople.rep().login()), logins);
        Api.as(rep).get("/api/v1/me").then().body("login", not(containsString("admin")));
    }

    private long count(String sql) {
        return ((Number) Sql.value(dataSource, sql)).longValue();
    }

    private List<Long> counts() {
        return TABLES.stream().map(table -> count("SELECT count(*) FROM " + table)).toList();
    }
}
