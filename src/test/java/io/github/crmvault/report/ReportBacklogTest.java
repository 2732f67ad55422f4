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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * visit_backlog (V33's trigger on visit), which the reports take the review backlog from, against a
 * recount of the raw visits after every way a visit enters or leaves the backlog: creation, edit,
 * merge, first and later reviews, SQL by hand, and concurrent creations and reviews of one author.
 */
@QuarkusTest
class ReportBacklogTest {
    private static final String COUNTER = "SELECT coalesce(sum(unreviewed), 0) FROM visit_backlog WHERE author_id = ?";
    private static final String RECOUNT = "SELECT count(*) FROM visit WHERE author_id = ? AND review_count = 0";
    private static final String MISMATCHES = "SELECT count(*) FROM (SELECT author_id, visit_backlog_stripe(id) AS stripe,"
            + " count(*) AS n FROM visit WHERE review_count = 0 GROUP BY 1, 2) r FULL JOIN"
            + " (SELECT * FROM visit_backlog WHERE unreviewed > 0) b USING (author_id, stripe)"
            + " WHERE r.n IS DISTINCT FROM b.unreviewed";

    @Inject
    DataSource db;

    /** The author's counter equals the recount, and is what the step should have made it. */
    private void check(Org.Person author, long expected, String step) {
        UUID id = UUID.fromString(author.id());
        long counter = ((Number) Sql.value(db, COUNTER, id)).longValue();
        assertEquals(((Number) Sql.value(db, RECOUNT, id)).longValue(), counter, step + ": the counter disagrees with the visits");
        assertEquals(expected, counter, step);
    }

    private static Response postVisit(Org.Person author, String customerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", java.time.Instant.now().minusSeconds(3600).toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "客户关心价格和交付周期，下周带方案上门演示。".repeat(8));
        return Api.as(author.auth()).body(body).post("/api/v1/customers/" + customerId + "/visits");
    }

    private static String visit(Org.Person author, String customerId) {
        return postVisit(author, customerId).then().statusCode(201).extract().path("id");
    }

    private static Response postReview(Org.Person reviewer, String visitId) {
        return Api.as(reviewer.auth()).body(Map.of("verdict", "GOOD")).post("/api/v1/visits/" + visitId + "/reviews");
    }

    @Test
    void theCounterFollowsEveryWayAVisitEntersOrLeavesTheBacklog() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        Org.Person colleague = region.colleague();
        String customer = Customers.create(rep.auth(), Org.unique("积压科技"));
        check(rep, 0, "no visit yet");

        String first = visit(rep, customer);
        String second = visit(rep, customer);
        check(rep, 2, "two visits created");

        Map<String, Object> corrected = new HashMap<>();
        corrected.put("visitedAt", java.time.Instant.now().minusSeconds(7200).toString());
        corrected.put("channel", "PHONE");
        corrected.put("notes", "客户规模两百人，采购总监关心数据安全，预算下季度批，周五电话跟进。".repeat(6));
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put("/api/v1/visits/" + first).then().statusCode(200);
        check(rep, 2, "a visit corrected");

        postReview(region.manager(), first).then().statusCode(201);
        check(rep, 1, "the first review");
        postReview(region.manager(), first).then().statusCode(201);
        check(rep, 1, "a second review of the same visit");

        // Merge: the duplicate's visits move to the survivor; their author and reviews stay.
        String survivor = Customers.create(rep.auth(), Org.unique("积压存续"));
        Map<String, Object> merge = new HashMap<>();
        merge.put("survivorId", survivor);
        merge.put("reason", "同一家公司重复录入");
        Api.as(Org.ADMIN).body(merge).post("/api/v1/customers/" + customer + "/merge").then().statusCode(200);
        check(rep, 1, "the customer merged");

        // Writes outside the API, on the unreviewed visit (other tests count reviews from visit_review, so
        // the data stays consistent): marked reviewed and back, its author changed, deleted.
        UUID secondId = UUID.fromString(second);
        Sql.update(db, "UPDATE visit SET review_count = 1 WHERE id = ?", secondId);
        check(rep, 0, "marked reviewed by SQL");
        Sql.update(db, "UPDATE visit SET review_count = 0 WHERE id = ?", secondId);
        check(rep, 1, "unmarked by SQL");
        Sql.update(db, "UPDATE visit SET author_id = ? WHERE id = ?", UUID.fromString(colleague.id()), secondId);
        check(rep, 0, "author changed by SQL");
        check(colleague, 1, "the new author");
        Sql.update(db, "DELETE FROM visit WHERE id = ?", secondId);
        check(colleague, 0, "deleted by SQL");

        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES)).longValue(), "stripes whose count disagrees with the visits");
    }

    /** One author's visits created and reviewed many at once: the writes share counter rows and must all count. */
    @Test
    void concurrentCreationsAndReviewsOfOneAuthorAllCount() throws Exception {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("积压并发"));
        int n = 24;
        List<Response> created = Parallel.requests(n, i -> postVisit(rep, customer));
        created.forEach(r -> r.then().statusCode(201));
        check(rep, n, "visits created at once");

        List<String> ids = created.stream().map(r -> r.then().extract().<String>path("id")).toList();
        Parallel.requests(n / 2, i -> postReview(region.manager(), ids.get(i))).forEach(r -> r.then().statusCode(201));
        check(rep, n - n / 2, "half of them reviewed at once");
        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES)).longValue(), "stripes whose count disagrees with the visits");
    }
}
