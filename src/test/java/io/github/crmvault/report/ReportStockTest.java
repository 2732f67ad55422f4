package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.claim.RecallJob;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.Grade;
import io.github.crmvault.report.ReportRepository.Scope;
import io.github.crmvault.report.ReportRepository.Stock;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The reports' stock counts (V40: a trigger on customer records each change, StockFoldJob folds them into
 * totals) against a recount of the customers after every way a customer enters, leaves or moves between
 * (owner, expected date) cells or gains or loses its decision maker, folded and not; and the report's
 * stock statement over them against the statement it replaced, for the same scopes and visibilities.
 */
@QuarkusTest
class ReportStockTest {
    /** Cells whose counts (pending changes added) differ from a recount of the live customers. */
    private static final String MISMATCHES = "SELECT count(*) FROM (SELECT owner_key, expected_sign_date, count(*) AS live,"
            + " count(*) FILTER (WHERE has_decision_maker) AS dm FROM customer WHERE NOT archived GROUP BY 1, 2) r"
            + " FULL JOIN (SELECT owner_key, expected_sign_date, sum(live) AS live, sum(with_decision_maker) AS dm"
            + " FROM %s GROUP BY 1, 2 HAVING sum(live) <> 0 OR sum(with_decision_maker) <> 0) s"
            + " ON s.owner_key = r.owner_key AND s.expected_sign_date IS NOT DISTINCT FROM r.expected_sign_date"
            + " WHERE r.live IS DISTINCT FROM s.live OR r.dm IS DISTINCT FROM s.dm";
    private static final String OWNER_COUNTS = "SELECT coalesce(sum(live), 0) || '/' || coalesce(sum(with_decision_maker), 0)"
            + " FROM customer_stock WHERE owner_key = ?";

    @Inject
    DataSource db;
    @Inject
    EntityManager em;
    @Inject
    ReportRepository repository;
    @Inject
    StockFoldJob fold;
    @Inject
    RecallJob recall;
    @Inject
    CompanyCalendar calendar;

    /** Every cell equals the recount; the owner's live customers and those with a decision maker are as the step made them. */
    private void check(String ownerKey, String expected, String step) {
        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES.formatted("customer_stock"))).longValue(),
                step + ": cells that disagree with the customers");
        assertEquals(expected, Sql.value(db, OWNER_COUNTS, UUID.fromString(ownerKey)), step);
    }

    /** Folded, the totals alone equal the recount. */
    private void checkFolded(String step) {
        fold.fold();
        assertEquals(0L, ((Number) Sql.value(db, "SELECT count(*) FROM customer_stock_change")).longValue(),
                step + ": changes left unfolded");
        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES.formatted("customer_stock_total"))).longValue(),
                step + ": folded cells that disagree with the customers");
        assertEquals(0L, ((Number) Sql.value(db, "SELECT count(*) FROM customer_stock_total WHERE live = 0")).longValue(),
                step + ": empty cells kept");
    }

    private static String customer(String auth, String name, LocalDate expected) {
        return ReportTestSupport.customer(auth, Org.unique(name), expected);
    }

    private static int version(String auth, String id) {
        return Api.as(auth).get("/api/v1/customers/" + id).then().statusCode(200).extract().path("version");
    }

    private static void patch(String auth, String id, String json) {
        MergePatches.patch(auth, "/api/v1/customers/" + id, "\"" + version(auth, id) + "\"", json).then().statusCode(200);
    }

    private static void post(String auth, String path, Map<String, Object> body) {
        Api.as(auth).body(body).post(path).then().statusCode(200);
    }

    private static Map<String, Object> reason(String key, Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", "库存统计测试");
        if (key != null) {
            body.put(key, value);
        }
        return body;
    }

    @Test
    void theCountsFollowEveryWayACustomerChanges() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        Org.Person colleague = region.colleague();
        LocalDate today = calendar.today();

        String a = customer(rep.auth(), "库存甲", today.plusDays(3));
        String undated = customer(rep.auth(), "库存乙", null);
        check(rep.id(), "2/0", "two customers created");

        patch(rep.auth(), a, "{\"expectedSignDate\": \"" + today.plusDays(60) + "\"}");
        check(rep.id(), "2/0", "an expected date moved");
        patch(rep.auth(), undated, "{\"expectedSignDate\": \"" + today.plusDays(60) + "\"}");
        patch(rep.auth(), a, "{\"expectedSignDate\": null}");
        check(rep.id(), "2/0", "a date set, another cleared");
        patch(rep.auth(), a, "{\"notes\": \"只改备注\"}");
        check(rep.id(), "2/0", "an edit of no counted field");

        String boss = ReportTestSupport.contact(rep.auth(), a, Map.of("name", "王总", "decisionMaker", true));
        check(rep.id(), "2/1", "a decision maker added");
        Api.as(rep.auth()).post("/api/v1/customers/" + a + "/contacts/" + boss + "/archive").then().statusCode(200);
        check(rep.id(), "2/0", "the decision maker archived");
        Api.as(rep.auth()).post("/api/v1/customers/" + a + "/contacts/" + boss + "/restore").then().statusCode(200);
        check(rep.id(), "2/1", "the decision maker restored");

        Api.as(rep.auth()).post("/api/v1/customers/" + undated + "/archive").then().statusCode(200);
        check(rep.id(), "1/1", "a customer archived");
        Sql.update(db, "UPDATE customer SET expected_sign_date = ? WHERE id = ?", today.plusDays(5), UUID.fromString(undated));
        check(rep.id(), "1/1", "an archived customer's date changed by SQL");
        Api.as(rep.auth()).post("/api/v1/customers/" + undated + "/restore").then().statusCode(200);
        check(rep.id(), "2/1", "a customer restored");
        checkFolded("after edits, contacts, archive and restore");

        // Ownership: release to the pool, claim back, transfer, recall, handovers.
        post(rep.auth(), "/api/v1/customers/" + a + "/release", reason(null, null));
        check(rep.id(), "1/0", "released");
        String pooled = customer(Org.ADMIN, "库存公海", today.plusDays(10));
        Api.as(colleague.auth()).post("/api/v1/customers/" + pooled + "/claim").then().statusCode(200);
        check(colleague.id(), "1/0", "a pool customer claimed");
        post(region.manager().auth(), "/api/v1/customers/" + pooled + "/transfer", reason("toUserId", rep.id()));
        check(colleague.id(), "0/0", "transferred away");
        check(rep.id(), "2/0", "transferred in");
        Sql.update(db, "UPDATE customer SET protected_until = now() - interval '1 hour' WHERE id = ?", UUID.fromString(pooled));
        assertTrue(recall.recallLapsed() >= 1);
        check(rep.id(), "1/0", "recalled");
        checkFolded("after release, claim, transfer and recall");

        String handed = customer(rep.auth(), "库存交接", today.plusDays(3));
        post(Org.ADMIN, "/api/v1/users/" + rep.id() + "/handover", reason("toUserId", colleague.id()));
        check(rep.id(), "0/0", "handed over");
        check(colleague.id(), "2/0", "received by handover");
        post(Org.ADMIN, "/api/v1/users/" + colleague.id() + "/handover", reason("toPool", true));
        check(colleague.id(), "0/0", "handed over to the pool");

        // A merge archives the duplicate and moves its decision maker to the survivor.
        String survivor = customer(rep.auth(), "库存存续", today.plusDays(100));
        String duplicate = customer(rep.auth(), "库存重复", today.plusDays(3));
        ReportTestSupport.contact(rep.auth(), duplicate, Map.of("name", "李总", "decisionRole", "DECISION_MAKER"));
        check(rep.id(), "2/1", "before the merge");
        post(Org.ADMIN, "/api/v1/customers/" + duplicate + "/merge", Map.of("survivorId", survivor, "reason", "重复录入"));
        check(rep.id(), "1/1", "merged");

        // Writes outside the API.
        UUID survivorId = UUID.fromString(survivor);
        Sql.update(db, "UPDATE customer SET owner_id = ? WHERE id = ?", UUID.fromString(colleague.id()), survivorId);
        check(rep.id(), "0/0", "owner changed by SQL");
        check(colleague.id(), "1/1", "owner changed by SQL, the new owner");
        Sql.update(db, "UPDATE customer SET has_decision_maker = false, expected_sign_date = NULL WHERE id = ?", survivorId);
        check(colleague.id(), "1/0", "flag and date changed by SQL");
        // The contact goes too, so that the flag agrees with the contacts again (DecisionMakerFlagTest checks all).
        Sql.update(db, "UPDATE contact SET customer_id = ? WHERE customer_id = ?", UUID.fromString(handed), survivorId);
        check(colleague.id(), "1/0", "its decision maker moved away by SQL");
        UUID inserted = UUID.randomUUID();
        Sql.update(db, "INSERT INTO customer (id, name, status, owner_id, expected_sign_date, has_decision_maker, search_text,"
                + " version, created_at, created_by, updated_at, updated_by) VALUES (?, 'stock sql', 'LEAD', ?, ?, true,"
                + " 'stock sql', 0, now(), 'test', now(), 'test')", inserted, UUID.fromString(colleague.id()), today);
        check(colleague.id(), "2/1", "inserted by SQL");
        Sql.update(db, "DELETE FROM customer WHERE id = ?", inserted);
        check(colleague.id(), "1/0", "deleted by SQL");
        checkFolded("after handovers, a merge and SQL");
    }

    /**
     * Claims of many reps at once, each taking a pool customer without a date (the pool's busiest cell),
     * while folds run: every claim counts once, and a fold meanwhile loses none.
     */
    @Test
    void concurrentClaimsAndFoldsAllCount() throws Exception {
        int n = 16;
        List<Org.Person> reps = new ArrayList<>();
        List<String> pooled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reps.add(Org.rep());
            pooled.add(customer(Org.ADMIN, "库存并发", null));
        }
        AtomicBoolean claiming = new AtomicBoolean(true);
        CompletableFuture<Integer> folds = CompletableFuture.supplyAsync(() -> {
            int runs = 0;
            while (claiming.get()) {
                fold.fold();
                runs++;
            }
            return runs;
        });
        List<Response> claims = Parallel.requests(n, i -> Api.as(reps.get(i).auth())
                .post("/api/v1/customers/" + pooled.get(i) + "/claim"));
        claiming.set(false);
        assertTrue(folds.get(30, TimeUnit.SECONDS) > 0);
        claims.forEach(r -> r.then().statusCode(200));
        for (Org.Person rep : reps) {
            check(rep.id(), "1/0", "claimed at once");
        }
        checkFolded("after concurrent claims");
    }

    /** The report's statement over the counts gives what the statement over the customers gave, scope by scope. */
    @Test
    void theStockEqualsTheStatementOverTheCustomers() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        Org.Person colleague = region.colleague();
        LocalDate today = calendar.today();
        for (int days : new int[] {-5, 0, 3, 30, 31, 60, 90, 91, 400}) {
            customer(rep.auth(), "库存对照", today.plusDays(days));
            customer(colleague.auth(), "库存对照", today.plusDays(days + 1));
        }
        String withBoss = customer(rep.auth(), "库存对照", null);
        ReportTestSupport.contact(rep.auth(), withBoss, Map.of("name", "赵总", "decisionMaker", true));
        String archived = customer(colleague.auth(), "库存对照", today);
        Api.as(colleague.auth()).post("/api/v1/customers/" + archived + "/archive").then().statusCode(200);
        customer(Org.ADMIN, "库存对照", today.plusDays(40));

        UUID repId = UUID.fromString(rep.id());
        UUID colleagueId = UUID.fromString(colleague.id());
        Scope both = new Scope(List.of(repId, colleagueId), List.of(ReportRepository.ONE_GROUP, ReportRepository.ONE_GROUP));
        Scope repOnly = new Scope(List.of(repId), List.of(ReportRepository.ONE_GROUP));
        List<Object[]> cases = List.of(
                new Object[] {both, Visibility.everything()},
                new Object[] {both, Visibility.poolAnd(List.of(repId, colleagueId))},
                new Object[] {both, Visibility.poolAnd(List.of(colleagueId))},
                new Object[] {repOnly, Visibility.poolAnd(List.of(repId))},
                new Object[] {repOnly, Visibility.poolAnd(List.of())},
                new Object[] {Scope.EVERYTHING, Visibility.everything()});
        for (boolean folded : new boolean[] {false, true}) {
            if (folded) {
                fold.fold();
            }
            for (Object[] c : cases) {
                Scope scope = (Scope) c[0];
                Visibility visibility = (Visibility) c[1];
                Stock counted = QuarkusTransaction.requiringNew().call(() ->
                        repository.stock(scope, visibility, calendar.gradeWindow(), today));
                assertEquals(overCustomers(scope, visibility), counted,
                        (folded ? "folded, " : "unfolded, ") + scope.users() + " seeing " + visibility.seesEverything());
            }
        }
    }

    /** The statement the counts replaced (up to V39), over the customers themselves. */
    private Stock overCustomers(Scope scope, Visibility visibility) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Query query = em.createNativeQuery("SELECT " + Grade.Window.sqlCase("c.expected_sign_date") + " AS g, count(*),"
                    + " count(*) FILTER (WHERE c.has_decision_maker)" + scope.from("customer", "c", "owner_key")
                    + " WHERE NOT c.archived" + (visibility.seesEverything() ? "" : " AND " + Visibility.SQL_PREDICATE)
                    + " GROUP BY g");
            calendar.gradeWindow().bind(query);
            scope.bind(query);
            if (!visibility.seesEverything()) {
                query.setParameter("visibleOwners", visibility.ownerKeysSqlArray());
            }
            Map<String, Long> grades = new HashMap<>();
            long covered = 0;
            long coveredAB = 0;
            for (Object row : query.getResultList()) {
                Object[] r = (Object[]) row;
                long dm = ((Number) r[2]).longValue();
                grades.put((String) r[0], ((Number) r[1]).longValue());
                covered += dm;
                coveredAB += "C".equals(r[0]) ? 0 : dm;
            }
            long a = grades.getOrDefault("A", 0L);
            long b = grades.getOrDefault("B", 0L);
            long c = grades.getOrDefault("C", 0L);
            return new Stock(new ReportDtos.Grades(calendar.today(), a, b, c), a + b + c, covered, a + b - coveredAB);
        });
    }
}
