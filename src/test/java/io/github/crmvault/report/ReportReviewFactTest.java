package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * visit_review_fact (V37's triggers on visit_review and visit), which the reports take review discipline
 * from, against a recount of the raw visits and reviews after every write that can change it: creation,
 * first and later reviews, NEEDS_WORK, a correction that moves the visit, a merge, SQL by hand, and
 * reviews of one visit at once; and the fill of the facts of reviews made before V37, beside such writes,
 * with the reports counting from the reviews until it is done.
 */
@QuarkusTest
class ReportReviewFactTest {
    /** The visits whose fact row differs from a recount of their reviews, or that have one without a review. */
    private static final String MISMATCHES = "SELECT count(*) FROM (SELECT v.id, v.customer_id, v.author_id, v.visited_at,"
            + " v.created_at, min(r.created_at) AS first_at, count(*) AS n, count(*) FILTER (WHERE r.verdict = 'NEEDS_WORK') AS nw"
            + " FROM visit v JOIN visit_review r ON r.visit_id = v.id GROUP BY v.id) x"
            + " FULL JOIN visit_review_fact f ON f.visit_id = x.id"
            + " WHERE (x.customer_id, x.author_id, x.visited_at, x.created_at, x.first_at, x.n, x.nw) IS DISTINCT FROM"
            + " (f.customer_id, f.author_id, f.visited_at, f.created_at, f.first_reviewed_at, f.reviews, f.needs_work)";
    private static final String FACT = "SELECT concat_ws('/', reviews, needs_work) FROM visit_review_fact WHERE visit_id = ?";

    @Inject
    DataSource db;
    @Inject
    ReviewFactFill fill;

    /** No fact differs from the recount, and the visit's is {@code expected} (reviews/NEEDS_WORK, null: none). */
    private void check(String visitId, String expected, String step) {
        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES)).longValue(), step + ": facts that disagree with the reviews");
        assertEquals(expected, Sql.value(db, FACT, UUID.fromString(visitId)), step);
    }

    private static Map<String, Object> visitBody(Instant visitedAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", visitedAt.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户关心价格和交付周期，下周带方案上门演示。".repeat(8));
        return body;
    }

    private static String visit(Org.Person author, String customerId) {
        return Api.as(author.auth()).body(visitBody(Instant.now().minus(2, ChronoUnit.HOURS)))
                .post("/api/v1/customers/" + customerId + "/visits").then().statusCode(201).extract().path("id");
    }

    private static Response postReview(Org.Person reviewer, String visitId, String verdict) {
        return Api.as(reviewer.auth()).body(Map.of("verdict", verdict, "comment", "写清客户犹豫的原因和下一步"))
                .post("/api/v1/visits/" + visitId + "/reviews");
    }

    private static String review(Org.Person reviewer, String visitId, String verdict) {
        return postReview(reviewer, visitId, verdict).then().statusCode(201).extract().path("id");
    }

    private static Response correct(Org.Person author, String visitId, Instant visitedAt, int version) {
        return Api.as(author.auth()).header("If-Match", "\"" + version + "\"").body(visitBody(visitedAt))
                .put("/api/v1/visits/" + visitId);
    }

    @Test
    void theFactFollowsEveryWriteOfAVisitOrItsReviews() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("复盘科技"));
        String first = visit(rep, customer);
        String second = visit(rep, customer);
        check(first, null, "a visit without a review has no fact");

        review(region.manager(), first, "GOOD");
        check(first, "1/0", "the first review");
        Instant firstReviewed = ((Timestamp) Sql.value(db, "SELECT first_reviewed_at FROM visit_review_fact WHERE visit_id = ?",
                UUID.fromString(first))).toInstant();
        String needsWork = review(region.manager(), first, "NEEDS_WORK");
        check(first, "2/1", "a second review, NEEDS_WORK");
        assertEquals(firstReviewed, ((Timestamp) Sql.value(db, "SELECT first_reviewed_at FROM visit_review_fact"
                + " WHERE visit_id = ?", UUID.fromString(first))).toInstant(), "the first review stays the first");

        correct(rep, first, Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), 0).then().statusCode(200);
        check(first, "2/1", "a correction that moves the visit a month back");
        correct(rep, first, Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), 1).then().statusCode(200);
        check(first, "2/1", "a correction that keeps the time");

        // Merge: the duplicate's visits and reviews move to the survivor; the fact follows its visit.
        String survivor = Customers.create(rep.auth(), Org.unique("复盘存续"));
        Map<String, Object> merge = new HashMap<>();
        merge.put("survivorId", survivor);
        merge.put("reason", "同一家公司重复录入");
        Api.as(Org.ADMIN).body(merge).post("/api/v1/customers/" + customer + "/merge").then().statusCode(200);
        check(first, "2/1", "the customer merged");
        assertEquals(survivor, Sql.value(db, "SELECT customer_id::text FROM visit_review_fact WHERE visit_id = ?",
                UUID.fromString(first)));

        // Writes outside the API (the reports' tests and the demo company backdate; an operator may fix data).
        UUID firstId = UUID.fromString(first);
        UUID needsWorkId = UUID.fromString(needsWork);
        Sql.update(db, "UPDATE visit_review SET created_at = created_at - interval '3 days' WHERE id = ?", needsWorkId);
        check(first, "2/1", "the second review backdated before the first");
        Sql.update(db, "UPDATE visit SET created_at = created_at - interval '1 hour' WHERE id = ?", firstId);
        check(first, "2/1", "the record's time moved");
        Sql.update(db, "UPDATE visit SET author_id = ? WHERE id = ?", UUID.fromString(region.colleague().id()), firstId);
        check(first, "2/1", "the author changed");
        Sql.update(db, "UPDATE visit_review SET verdict = 'GOOD' WHERE id = ?", needsWorkId);
        check(first, "2/0", "a verdict changed");
        // review_count moves along: other tests compare the backlog with the reviews.
        UUID secondId = UUID.fromString(second);
        Sql.update(db, "UPDATE visit_review SET visit_id = ? WHERE id = ?", secondId, needsWorkId);
        Sql.update(db, "UPDATE visit SET review_count = review_count + (CASE WHEN id = ? THEN -1 ELSE 1 END)"
                + " WHERE id IN (?, ?)", firstId, firstId, secondId);
        check(first, "1/0", "a review moved to another visit: the one it left");
        check(second, "1/0", "a review moved to another visit: the one it joined");
        Sql.update(db, "DELETE FROM visit_review WHERE visit_id = ?", firstId);
        Sql.update(db, "UPDATE visit SET review_count = 0 WHERE id = ?", firstId);
        check(first, null, "its reviews deleted");
        Sql.update(db, "DELETE FROM visit_review WHERE visit_id = ?", secondId);
        Sql.update(db, "DELETE FROM visit WHERE id = ?", secondId);
        check(second, null, "a visit deleted after its reviews");
    }

    /** Reviews of one visit at once, and a correction racing a visit's first review: no count lost, no stale time. */
    @Test
    void concurrentReviewsOfOneVisitAllCount() throws Exception {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("复盘并发"));
        String busy = visit(rep, customer);
        int n = 12;
        Parallel.requests(n, i -> postReview(region.manager(), busy, i % 3 == 0 ? "NEEDS_WORK" : "GOOD"))
                .forEach(r -> r.then().statusCode(201));
        check(busy, n + "/" + n / 3, "reviews of one visit at once");

        String raced = visit(rep, customer);
        Instant moved = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Response> both = Parallel.requests(2, i -> i == 0 ? correct(rep, raced, moved, 0)
                : postReview(region.manager(), raced, "GOOD"));
        both.get(0).then().statusCode(200);
        both.get(1).then().statusCode(201);
        check(raced, "1/0", "a correction and the first review at once");
        assertEquals(moved, ((Timestamp) Sql.value(db, "SELECT visited_at FROM visit_review_fact WHERE visit_id = ?",
                UUID.fromString(raced))).toInstant(), "the corrected visit time");
    }

    /**
     * The rep's and the company's review discipline of the last 40 days, but the age of the oldest
     * unreviewed visit, which grows between two requests.
     */
    private static List<Map<String, Object>> discipline(Org.Person rep) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<Map<String, Object>> figures = new java.util.ArrayList<>();
        for (String path : List.of("/api/v1/reports/reps/" + rep.id(), "/api/v1/reports/company")) {
            Map<String, Object> discipline = new HashMap<>(Api.as(Org.ADMIN).queryParam("from", today.minusDays(40).toString())
                    .queryParam("to", today.toString()).get(path).then().statusCode(200).extract().path("reviewDiscipline"));
            discipline.remove("backlogOldestHours");
            figures.add(discipline);
        }
        return figures;
    }

    /** As before V37: none of the rep's facts, the fill not begun. */
    private void forgetFacts(Org.Person rep) {
        Sql.update(db, "DELETE FROM visit_review_fact WHERE author_id = ?", UUID.fromString(rep.id()));
        Sql.update(db, "UPDATE visit_review_fact_fill SET author_id = DEFAULT, visited_at = DEFAULT, visit_id = DEFAULT,"
                + " filled = false");
    }

    @Test
    void theFillMakesTheFactsOfEarlierReviewsAndTheReportsWaitForIt() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("复盘补齐"));
        List<String> visits = List.of(visit(rep, customer), visit(rep, customer), visit(rep, customer), visit(rep, customer),
                visit(rep, customer));
        review(region.manager(), visits.get(0), "GOOD");
        String removed = review(region.manager(), visits.get(1), "NEEDS_WORK");
        review(region.manager(), visits.get(2), "GOOD");
        review(region.manager(), visits.get(2), "NEEDS_WORK");
        review(region.manager(), visits.get(3), "GOOD");
        List<Map<String, Object>> fromFacts = discipline(rep);

        forgetFacts(rep);
        assertEquals(fromFacts, discipline(rep), "counted from the reviews until the fill is done");

        // Writes before the fill reaches them: each leaves its visit's fact exact, and the fill keeps it.
        review(region.manager(), visits.get(0), "NEEDS_WORK");
        correct(rep, visits.get(3), Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), 0)
                .then().statusCode(200);
        Sql.update(db, "DELETE FROM visit_review WHERE id = ?", UUID.fromString(removed));
        Sql.update(db, "UPDATE visit SET review_count = 0 WHERE id = ?", UUID.fromString(visits.get(1)));
        List<Map<String, Object>> before = discipline(rep);

        fill.fill(3);
        assertEquals(true, Sql.value(db, "SELECT filled FROM visit_review_fact_fill"));
        check(visits.get(0), "2/1", "a review made before the fill");
        check(visits.get(1), null, "a review removed before the fill");
        check(visits.get(2), "2/1", "filled");
        check(visits.get(3), "1/0", "a visit corrected before the fill");
        check(visits.get(4), null, "never reviewed");
        assertEquals(before, discipline(rep), "the reports from the facts, once filled");
        assertEquals(0, fill.fill(3), "nothing left to fill");
    }
}
