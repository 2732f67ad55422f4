package io.github.crmvault.report;

import static io.github.crmvault.report.ReportTestSupport.body;
import static io.github.crmvault.report.ReportTestSupport.contact;
import static io.github.crmvault.report.ReportTestSupport.customer;
import static io.github.crmvault.report.ReportTestSupport.deal;
import static io.github.crmvault.report.ReportTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.claim.RecallJob;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The reconcile test: a small company built by hand through the API, and every figure of the
 * rep, team and company reports and of the leaderboards checked against {@link ReportModel}, an
 * independent count over the raw rows.
 */
@QuarkusTest
class ReportReconcileTest {
    @Inject
    DataSource db;
    @Inject
    RecallJob recall;
    @Inject
    CrmSettings settings;

    private ZoneId zone;
    private LocalDate today;

    @Test
    void everyFigureMatchesAnIndependentCount() {
        zone = settings.timeZone();
        today = LocalDate.now(zone);
        // Region (manager M) > squad; reps R1, R2 in the region's own team, R3 in the squad; R4 elsewhere.
        String managerLogin = Org.unique("mgr");
        String managerId = Org.user(managerLogin, null);
        Org.Person manager = new Org.Person(managerLogin, managerId, Tokens.bearer(managerLogin, "manager"));
        String region = Org.team(Org.unique("region"), null, managerId);
        String squad = Org.team(Org.unique("squad"), region, null);
        Org.Person r1 = OrgAdmin.person(region, "sales");
        Org.Person r2 = OrgAdmin.person(region, "sales");
        Org.Person r3 = OrgAdmin.person(squad, "sales");
        Org.Person r4 = OrgAdmin.person(Org.team(Org.unique("elsewhere"), null, null), "sales");

        // Customers with chosen expected dates: A, B, C and none; one archived; two in the pool.
        String c1 = customer(r1.auth(), "报表甲", today.plusDays(10));
        String c2 = customer(r1.auth(), "报表乙", today.plusDays(60));
        String c3 = customer(r1.auth(), "报表丙", null);
        String c4 = customer(r1.auth(), "报表丁", today.minusDays(5));
        String c5 = customer(r2.auth(), "报表戊", today.plusDays(20));
        String c6 = customer(r2.auth(), "报表己", today.plusDays(100));
        String c7 = customer(r3.auth(), "报表庚", today.plusDays(45));
        String c8 = customer(r3.auth(), "报表辛", today.plusDays(3));
        String c9 = customer(r4.auth(), "报表壬", today.plusDays(1));
        String p1 = Customers.create(Org.ADMIN, Customers.nameWith("报表公海一"));
        String p2 = Customers.create(Org.ADMIN, Customers.nameWith("报表公海二"));
        Api.as(r3.auth()).post("/api/v1/customers/" + c8 + "/archive").then().statusCode(200);

        // Decision makers: by flag (c1), by role (c2), none (c4: a user; c7), an archived one (c5).
        String k1 = contact(r1.auth(), c1, Map.of("name", "王总", "decisionMaker", true));
        contact(r1.auth(), c2, Map.of("name", "李总", "decisionRole", "DECISION_MAKER"));
        String k4 = contact(r1.auth(), c4, Map.of("name", "张工", "decisionRole", "USER"));
        String k5 = contact(r2.auth(), c5, Map.of("name", "赵总", "decisionMaker", true));
        Api.as(r2.auth()).post("/api/v1/customers/" + c5 + "/contacts/" + k5 + "/archive").then().statusCode(200);
        String k7 = contact(r3.auth(), c7, Map.of("name", "陈经理", "title", "采购"));

        // Visits on both sides of the edge between the two periods, at the company's midnight.
        LocalDate p1From = today.minusDays(9);
        LocalDate p2To = today.minusDays(10);
        visit(r1.auth(), c1, at(p1From, LocalTime.MIDNIGHT), 120, k1, true);
        visit(r1.auth(), c1, at(p2To, LocalTime.of(23, 59, 59)), 100, null, false);
        visit(r1.auth(), c2, at(today.minusDays(3), LocalTime.of(10, 0)), 150, null, true);
        visit(r1.auth(), c4, at(today.minusDays(2), LocalTime.of(15, 30)), 101, k4, true);
        String shortOne = visit(r2.auth(), c5, at(today.minusDays(1), LocalTime.of(9, 0)), 200, null, true);
        visit(r2.auth(), c5, at(today.minusDays(15), LocalTime.of(9, 0)), 110, null, false);
        visit(manager.auth(), c3, at(today.minusDays(2), LocalTime.of(11, 0)), 130, null, true);
        visit(r3.auth(), c7, at(today.minusDays(15), LocalTime.of(14, 0)), 100, k7, true);
        visit(r3.auth(), c7, at(today.minusDays(5), LocalTime.of(14, 0)), 300, k7, true);
        visit(r4.auth(), c9, at(today.minusDays(4), LocalTime.of(8, 0)), 100, null, false);
        // A record kept from when the minimum was lower: under today's minimum.
        Sql.update(db, "UPDATE visit SET note_length = 80 WHERE id = ?", UUID.fromString(shortOne));

        // Ownership: R2 claims from the pool and releases one; R3 claims one and loses it to recall.
        Api.as(r2.auth()).post("/api/v1/customers/" + p1 + "/claim").then().statusCode(200);
        Api.as(r2.auth()).body(Map.of("reason", "客户暂无需求")).post("/api/v1/customers/" + c6 + "/release")
                .then().statusCode(200);
        Api.as(r3.auth()).post("/api/v1/customers/" + p2 + "/claim").then().statusCode(200);
        Sql.update(db, "UPDATE customer SET protected_until = now() - interval '1 hour' WHERE id = ?", UUID.fromString(p2));
        recall.recallLapsed();

        // Deals: two currencies, a cancelled one, one in the earlier period, one A signed within its window,
        // two live ones of c1 (its visits still count once), and c3's, which only the manager visited.
        deal(r1.auth(), c1, "1000.00", "CNY", today.minusDays(2), false);
        deal(r1.auth(), c1, "250.00", "CNY", today.minusDays(1), false);
        deal(r1.auth(), c3, "60.00", "CNY", today.minusDays(1), false);
        deal(r1.auth(), c2, "500.50", "USD", today.minusDays(1), false);
        deal(r1.auth(), c2, "300.00", "CNY", today.minusDays(1), true);
        deal(r1.auth(), c4, "80.25", "CNY", today.minusDays(3), false);
        deal(r2.auth(), c5, "2000.00", "CNY", today.minusDays(12), false);
        deal(r3.auth(), c7, "700.50", "CNY", today.minusDays(5), false);
        deal(r4.auth(), c9, "99.00", "EUR", today.minusDays(4), false);

        ReportModel model = new ReportModel(db, zone, today, settings.visit().noteMinimum(),
                settings.grade().aWithinDays(), settings.grade().bWithinDays());
        Set<UUID> regionMembers = Set.of(id(r1), id(r2), id(r3));
        Set<UUID> squadMembers = Set.of(id(r3));
        LocalDate[][] periods = {{p1From, today}, {today.minusDays(20), p2To}};
        for (LocalDate[] p : periods) {
            for (Org.Person rep : List.of(r1, r2, r3)) {
                Predicate<UUID> self = id(rep)::equals;
                check(model, body(get(rep.auth(), "/api/v1/reports/reps/" + rep.id(), p[0], p[1])), self, p, "REP", rep.id());
                check(model, body(get(manager.auth(), "/api/v1/reports/reps/" + rep.id(), p[0], p[1])), self, p, "REP",
                        rep.id());
            }
            check(model, body(get(manager.auth(), "/api/v1/reports/teams/" + region, p[0], p[1])),
                    regionMembers::contains, p, "TEAM", region);
            check(model, body(get(manager.auth(), "/api/v1/reports/teams/" + squad, p[0], p[1])),
                    squadMembers::contains, p, "TEAM", squad);
            check(model, body(get(Org.ADMIN, "/api/v1/reports/company", p[0], p[1])), u -> true, p, "COMPANY", null);
            checkLeaderboard(model, manager.auth(), region, p, false);
            checkLeaderboard(model, manager.auth(), region, p, true);
            checkLeaderboard(model, Org.ADMIN, null, p, false);
        }

        // The hand-made edges, stated outright: the visit at the company's midnight opens the later
        // period, the one a second before closes the earlier one.
        Map<String, Object> r1Later = measures(get(r1.auth(), "/api/v1/reports/reps/" + r1.id(), p1From, today));
        Map<String, Object> r1Earlier = measures(get(r1.auth(), "/api/v1/reports/reps/" + r1.id(), today.minusDays(20), p2To));
        assertEquals(3L, r1Later.get("visits"));
        assertEquals(1L, r1Earlier.get("visits"));
        assertEquals(1L, measures(get(r1.auth(), "/api/v1/reports/reps/" + r1.id(), p1From, p1From)).get("visits"));
        assertEquals(1L, measures(get(r1.auth(), "/api/v1/reports/reps/" + r1.id(), p2To, p2To)).get("visits"));
        assertEquals(5L, r1Later.get("dealsSigned")); // c1's two, c2's live one, c3's, c4's
        assertEquals(3L, r1Later.get("visitedCustomersSigned")); // c1, c2, c4: not c3
        assertEquals(1L, r1Later.get("aSignedWithinWindow"));
    }

    private Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(zone).toInstant();
    }

    private static UUID id(Org.Person person) {
        return UUID.fromString(person.id());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> measures(io.restassured.response.Response response) {
        return (Map<String, Object>) body(response).get("measures");
    }

    /** A visit with a note of exactly {@code length} characters, the contact met (or none), a next step or not. */
    private static String visit(String auth, String customerId, Instant at, int length, String contactId, boolean nextStep) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", at.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户关心价格".repeat(length / 6 + 1).substring(0, length));
        if (contactId != null) {
            body.put("contactIds", List.of(contactId));
        }
        if (nextStep) {
            body.put("nextStep", "下周带方案上门演示");
            body.put("nextStepDate", LocalDate.now().plusDays(7).toString());
        }
        return Api.as(auth).body(body).post("/api/v1/customers/" + customerId + "/visits").then().statusCode(201)
                .extract().path("id");
    }

    private void check(ReportModel model, Map<String, Object> report, Predicate<UUID> users, LocalDate[] p, String kind,
            String id) {
        String what = kind + " " + id + " " + p[0] + ".." + p[1];
        @SuppressWarnings("unchecked")
        Map<String, Object> scope = (Map<String, Object>) report.get("scope");
        assertEquals(kind, scope.get("kind"), what);
        assertEquals(id, scope.get("id"), what);
        assertEquals(p[0].toString(), report.get("from"), what);
        assertEquals(p[1].toString(), report.get("to"), what);
        assertEquals(model.measures(users, p[0], p[1]), report.get("measures"), what);
        // The company's customers include the pool (owner null).
        Predicate<UUID> owners = kind.equals("COMPANY") ? u -> true : u -> u != null && users.test(u);
        Map<String, Object> now = model.now(owners, ReportService.MISSING_LIMIT);
        assertEquals(now.get("grades"), report.get("grades"), what);
        assertEquals(now.get("keyPersons"), report.get("keyPersons"), what);
    }

    @SuppressWarnings("unchecked")
    private void checkLeaderboard(ReportModel model, String auth, String teamId, LocalDate[] p, boolean byTeam) {
        var request = Api.as(auth).queryParam("from", p[0].toString()).queryParam("to", p[1].toString());
        if (teamId != null) {
            request.queryParam("teamId", teamId);
        }
        if (byTeam) {
            request.queryParam("groupBy", "team");
        }
        Map<String, Object> board = body(request.get("/api/v1/reports/leaderboard"));
        String what = "leaderboard " + teamId + " " + byTeam + " " + p[0];
        assertEquals("customersSigned", board.get("sort"), what);
        // Who is ranked: the members of the subtree (or of any team), by rep or by their team.
        Set<UUID> members = new java.util.HashSet<>();
        if (teamId == null) {
            members.addAll(model.userTeams.keySet());
        } else {
            Set<UUID> teams = subtree(model, UUID.fromString(teamId));
            model.userTeams.forEach((user, team) -> {
                if (teams.contains(team)) {
                    members.add(user);
                }
            });
        }
        Map<UUID, Map<String, Object>> expected = new LinkedHashMap<>();
        for (UUID member : members) {
            UUID group = byTeam ? model.userTeams.get(member) : member;
            expected.computeIfAbsent(group, g -> model.measures(byTeam
                    ? u -> u != null && g.equals(model.userTeams.get(u)) && members.contains(u) : g::equals, p[0], p[1]));
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) board.get("rows");
        assertEquals(expected.size(), rows.size(), what);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            assertEquals((long) i + 1, row.get("rank"), what);
            assertEquals(expected.get(UUID.fromString((String) row.get("id"))), row.get("measures"), what + " " + row.get("id"));
        }
        // Ranked by customers signed, then effective visits, then visits, largest first.
        Comparator<Map<String, Object>> order = Comparator.comparing(r -> -(long) ((Map<String, Object>) r.get("measures"))
                .get("customersSigned"));
        order = order.thenComparing(r -> -(long) ((Map<String, Object>) r.get("measures")).get("effectiveVisits"))
                .thenComparing(r -> -(long) ((Map<String, Object>) r.get("measures")).get("visits"));
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(0, order.compare(sorted.get(i), rows.get(i)), what + " order at " + i);
        }
    }

    private static Set<UUID> subtree(ReportModel model, UUID root) {
        Map<UUID, UUID> parents = new HashMap<>();
        model.teamParents.forEach(parents::put);
        Set<UUID> teams = new java.util.HashSet<>(Set.of(root));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<UUID, UUID> t : parents.entrySet()) {
                if (t.getValue() != null && teams.contains(t.getValue()) && teams.add(t.getKey())) {
                    grew = true;
                }
            }
        }
        return teams;
    }
}
