package io.github.crmvault.report;

import static io.github.crmvault.report.ReportTestSupport.body;
import static io.github.crmvault.report.ReportTestSupport.customer;
import static io.github.crmvault.report.ReportTestSupport.deal;
import static io.github.crmvault.report.ReportTestSupport.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Report media types, bad input, and who may see which numbers. */
@QuarkusTest
class ReportApiTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    /** A manager of a region with a rep, and a rep of another team. */
    private record Company(Org.Person manager, String region, Org.Person rep, String otherTeam, Org.Person stranger) {
        static Company create() {
            String login = Org.unique("mgr");
            Org.Person manager = new Org.Person(login, Org.user(login, null), Tokens.bearer(login, "manager"));
            String region = Org.team(Org.unique("region"), null, manager.id());
            String other = Org.team(Org.unique("other"), null, null);
            return new Company(manager, region, OrgAdmin.person(region, "sales"), other, OrgAdmin.person(other, "sales"));
        }
    }

    private static String rep(Org.Person person) {
        return "/api/v1/reports/reps/" + person.id();
    }

    @Test
    void aReportIsCsvWhenAskedMeasureValueRowsWithTheAmountPerCurrency() {
        String login = Org.unique("csv");
        String team = Org.team(Org.unique("csv-team"), null, null);
        String userId = Api.as(Org.ADMIN).body(Map.of("login", login, "displayName", "王, \"老\" 伟", "teamId", team))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        String auth = Tokens.bearer(login, "sales");
        String customerId = customer(auth, "报表CSV", TODAY.plusDays(5));
        deal(auth, customerId, "1234.50", "CNY", TODAY, false);

        String csv = Api.as(auth).accept("text/csv").queryParam("from", TODAY.toString()).queryParam("to", TODAY.toString())
                .get("/api/v1/reports/reps/" + userId + ".csv").then().statusCode(200)
                .header("Content-Type", startsWith("text/csv")).header("Content-Type", containsString("charset=UTF-8"))
                .extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n", -1));
        assertEquals("", lines.get(lines.size() - 1), "every row ends with CRLF");
        assertEquals("measure,value", lines.get(0));
        assertTrue(lines.contains("scope.kind,REP"));
        assertTrue(lines.contains("scope.name,\"王, \"\"老\"\" 伟\""), csv);
        assertTrue(lines.contains("from," + TODAY));
        assertTrue(lines.contains("visits,0"));
        assertTrue(lines.contains("meanNoteLength,"), "a mean of nothing is empty");
        assertTrue(lines.contains("dealsSigned,1"));
        assertTrue(lines.contains("dealAmount.CNY,1234.50"));
        assertTrue(lines.contains("grades.a,1"));
        assertTrue(lines.contains("keyPersons.coverage,0.0000"));
        assertTrue(lines.contains("keyPersons.missingTotal,1"));
        assertTrue(lines.contains("reviewDiscipline.reviewed,0"));
        assertTrue(lines.contains("reviewDiscipline.reviewedWithinShare,"), "a share of nothing is empty");
        // The same figures as JSON, which is also the answer without a preference.
        Map<String, Object> json = body(get(auth, "/api/v1/reports/reps/" + userId, TODAY, TODAY));
        assertEquals(1L, ((Map<?, ?>) json.get("measures")).get("dealsSigned"));
        Api.as(auth).accept("text/csv;q=0.5, application/json").queryParam("from", TODAY.toString())
                .queryParam("to", TODAY.toString()).get("/api/v1/reports/reps/" + userId).then().statusCode(200)
                .header("Content-Type", startsWith("application/json"));
        // Clients of 1.x asked the JSON operation for CSV by Accept: still answered (outside the contract, so
        // this request is not checked against it).
        String legacy = io.restassured.RestAssured.given().header("Authorization", auth).accept("text/csv")
                .queryParam("from", TODAY.toString()).queryParam("to", TODAY.toString())
                .get("/api/v1/reports/reps/" + userId).then().statusCode(200)
                .header("Content-Type", startsWith("text/csv")).extract().asString();
        assertEquals(csv, legacy);
    }

    @Test
    void theLeaderboardIsCsvWithOneRowPerRep() {
        Company c = Company.create();
        OrgAdmin.person(c.region(), "sales");
        String csv = Api.as(c.manager().auth()).accept("text/csv").queryParam("from", TODAY.minusDays(30).toString())
                .queryParam("to", TODAY.toString()).get("/api/v1/reports/leaderboard.csv").then().statusCode(200)
                .header("Content-Type", startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("rank,id,name,members,visits,effectiveVisits,meanNoteLength,meanQualityScore,shareUnderNoteMinimum,"
                + "customersVisited,newCustomers,claims,releases,recalls,dealsSigned,customersSigned,visitedCustomersSigned,"
                + "signingRate,visitsPerSignedCustomer,oneVisitCloses,aSignedWithinWindow,dealAmounts,"
                + "reviewDiscipline.reviewed,reviewDiscipline.reviewedShare,reviewDiscipline.reviewedWithin,"
                + "reviewDiscipline.reviewedWithinShare,reviewDiscipline.medianHoursToFirstReview,"
                + "reviewDiscipline.p90HoursToFirstReview,reviewDiscipline.reviews,reviewDiscipline.needsWork,"
                + "reviewDiscipline.needsWorkShare,reviewDiscipline.backlog,reviewDiscipline.backlogOldestHours", lines[0]);
        assertEquals(3, lines.length, csv);
        assertTrue(lines[1].startsWith("1,"));
        assertTrue(lines[2].startsWith("2,"));
    }

    @Test
    void anAcceptHeaderWithNeitherJsonNorCsvIsNotAcceptable() {
        Org.Person rep = Org.rep();
        Problems.expect(Api.as(rep.auth()).accept("application/xml").queryParam("from", TODAY.toString())
                .queryParam("to", TODAY.toString()).get(rep(rep)), 406, "not-acceptable");
    }

    @Test
    void datesAreRequiredWellFormedInOrderAndAtMostThreeYearsApart() {
        Org.Person rep = Org.rep();
        Problems.invalidField(Api.as(rep.auth()).get(rep(rep)), "from").body("errors.field", hasItems("from", "to"));
        Problems.invalidField(Api.as(rep.auth()).queryParam("from", "2026-02-30").queryParam("to", "2026-03-01")
                .get(rep(rep)), "from");
        Problems.invalidField(Api.as(rep.auth()).queryParam("from", "2026-03-01").queryParam("to", "yesterday")
                .get(rep(rep)), "to");
        Problems.invalidField(get(rep.auth(), rep(rep), TODAY, TODAY.minusDays(1)), "to")
                .body("detail", containsString("before from"));
        LocalDate from = TODAY.minusDays(Period.MAX_DAYS - 1);
        get(rep.auth(), rep(rep), from, TODAY).then().statusCode(200);
        Problems.invalidField(get(rep.auth(), rep(rep), from.minusDays(1), TODAY), "to")
                .body("detail", containsString(String.valueOf(Period.MAX_DAYS)));
        Problems.invalidField(get(Org.ADMIN, "/api/v1/reports/company", LocalDate.of(2000, 1, 1), TODAY), "to");
        Problems.invalidField(get(rep.auth(), "/api/v1/reports/reps/not-a-uuid", TODAY, TODAY), "userId");
        // A CSV client gets its errors as problems too.
        Problems.invalidField(Api.as(rep.auth()).accept("text/csv").get(rep(rep)), "from");
        Problems.invalidField(get(Org.ADMIN, "/api/v1/reports/teams/42", TODAY, TODAY), "teamId");
    }

    @Test
    void unknownGroupingsAndSortsAreRefused() {
        Company c = Company.create();
        var base = Api.as(c.manager().auth()).queryParam("from", TODAY.toString()).queryParam("to", TODAY.toString());
        Problems.invalidField(base.queryParam("groupBy", "region").get("/api/v1/reports/leaderboard"), "groupBy")
                .body("detail", containsString("rep, team or manager"));
        Problems.invalidField(Api.as(c.manager().auth()).queryParam("from", TODAY.toString())
                .queryParam("to", TODAY.toString()).queryParam("sort", "amount").get("/api/v1/reports/leaderboard"), "sort")
                .body("detail", containsString("customersSigned"));
        Problems.invalidField(Api.as(c.manager().auth()).queryParam("from", TODAY.toString())
                .queryParam("to", TODAY.toString()).queryParam("teamId", "x").get("/api/v1/reports/leaderboard"), "teamId");
    }

    @Test
    void aRepSeesOnlyTheirOwnNumbers() {
        Company c = Company.create();
        get(c.rep().auth(), rep(c.rep()), TODAY, TODAY).then().statusCode(200).body("scope.id", equalTo(c.rep().id()));
        Problems.forbidden(get(c.rep().auth(), rep(c.stranger()), TODAY, TODAY))
                .body("detail", containsString("your own numbers"));
        Problems.forbidden(get(c.rep().auth(), rep(c.manager()), TODAY, TODAY));
        Problems.forbidden(get(c.rep().auth(), "/api/v1/reports/teams/" + c.region(), TODAY, TODAY));
        Problems.forbidden(get(c.rep().auth(), "/api/v1/reports/leaderboard", TODAY, TODAY));
        Problems.forbidden(get(c.rep().auth(), "/api/v1/reports/company", TODAY, TODAY));
    }

    @Test
    void aManagerSeesTheSubtreeTheyManageAndNothingElse() {
        Company c = Company.create();
        String squad = Org.team(Org.unique("squad"), c.region(), null);
        Org.Person below = OrgAdmin.person(squad, "sales");
        String auth = c.manager().auth();
        get(auth, rep(c.rep()), TODAY, TODAY).then().statusCode(200);
        get(auth, rep(below), TODAY, TODAY).then().statusCode(200);
        get(auth, rep(c.manager()), TODAY, TODAY).then().statusCode(200);
        get(auth, "/api/v1/reports/teams/" + squad, TODAY, TODAY).then().statusCode(200)
                .body("scope.kind", equalTo("TEAM")).body("scope.id", equalTo(squad));
        Problems.forbidden(get(auth, rep(c.stranger()), TODAY, TODAY));
        Problems.forbidden(get(auth, "/api/v1/reports/teams/" + c.otherTeam(), TODAY, TODAY))
                .body("detail", containsString("subtrees you manage"));
        Problems.forbidden(get(auth, "/api/v1/reports/company", TODAY, TODAY));
        Problems.forbidden(Api.as(auth).queryParam("from", TODAY.toString()).queryParam("to", TODAY.toString())
                .queryParam("teamId", c.otherTeam()).get("/api/v1/reports/leaderboard"));
        // Without a team, the leaderboard ranks the members of every subtree they manage.
        Map<String, Object> board = body(get(auth, "/api/v1/reports/leaderboard", TODAY, TODAY));
        List<?> ids = ((List<?>) board.get("rows")).stream().map(r -> ((Map<?, ?>) r).get("id")).sorted().toList();
        assertEquals(java.util.stream.Stream.of(c.rep().id(), below.id()).sorted().toList(), ids);
        // A deal moves its rep to the top of the default ranking.
        String customerId = customer(below.auth(), "报表排名", null);
        deal(below.auth(), customerId, "10.00", "CNY", TODAY, false);
        Map<String, Object> ranked = body(get(auth, "/api/v1/reports/leaderboard", TODAY, TODAY));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) ranked.get("rows")).get(0);
        assertEquals(below.id(), first.get("id"));
        assertEquals(1L, first.get("rank"));
    }

    @Test
    void unknownUsersAndTeamsAreNotFound() {
        Org.Person rep = Org.rep();
        String unknown = UUID.randomUUID().toString();
        Problems.notFound(get(rep.auth(), "/api/v1/reports/reps/" + unknown, TODAY, TODAY));
        Problems.notFound(get(Org.ADMIN, "/api/v1/reports/reps/" + unknown, TODAY, TODAY));
        Problems.notFound(get(Org.ADMIN, "/api/v1/reports/teams/" + unknown, TODAY, TODAY));
        Problems.notFound(Api.as(Org.ADMIN).queryParam("from", TODAY.toString()).queryParam("to", TODAY.toString())
                .queryParam("teamId", unknown).get("/api/v1/reports/leaderboard"));
    }

    @Test
    void integratorsGetNoReports() {
        String team = Org.team(Org.unique("integrators"), null, null);
        Org.Person integration = OrgAdmin.person(team, "integration");
        for (String path : List.of(rep(integration), "/api/v1/reports/teams/" + team, "/api/v1/reports/company",
                "/api/v1/reports/leaderboard")) {
            Problems.forbidden(get(integration.auth(), path, TODAY, TODAY));
        }
    }
}
