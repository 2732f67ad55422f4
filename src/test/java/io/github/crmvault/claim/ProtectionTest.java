package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.history;
import static io.github.crmvault.claim.ClaimTestSupport.protectUntilHoursAgo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Effective visits keep a claim protected; other visits do not. */
@QuarkusTest
class ProtectionTest {
    private static final String NOTES = "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(4);

    @Inject
    DataSource db;

    private record Claimed(Org.Person rep, String customerId, String contactId) {
    }

    /** A rep's customer with a contact, whose protection ends in a day. */
    private Claimed claimedEndingTomorrow() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("保护期"));
        String contactId = Api.as(rep.auth()).body(Map.of("name", "王芳"))
                .post(ClaimTestSupport.customer(customerId) + "/contacts").then().statusCode(201).extract().path("id");
        protectUntilHoursAgo(db, customerId, -24);
        return new Claimed(rep, customerId, contactId);
    }

    /** A visit an hour ago; effective with a contact met and a dated next step. */
    private static Map<String, Object> visit(Instant visitedAt, String contactId, boolean effective) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", visitedAt.toString());
        body.put("channel", "ON_SITE");
        body.put("notes", NOTES);
        if (effective) {
            body.put("contactIds", List.of(contactId));
            body.put("nextStep", "下周二带方案上门演示");
            body.put("nextStepDate", "2027-01-13");
        }
        return body;
    }

    private static String record(Claimed c, Map<String, Object> body, boolean effective) {
        return Api.as(c.rep().auth()).body(body).post(ClaimTestSupport.customer(c.customerId()) + "/visits").then()
                .statusCode(201).body("effective", org.hamcrest.Matchers.equalTo(effective)).extract().path("id");
    }

    private static Instant anHourAgo() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void anEffectiveVisitExtendsProtectionWithoutANewVersionOrHistoryEntry() {
        Claimed c = claimedEndingTomorrow();
        Instant visitedAt = anHourAgo();

        record(c, visit(visitedAt, c.contactId(), true), true);

        JsonPath customer = get(c.rep().auth(), c.customerId());
        assertEquals(visitedAt.plus(30, ChronoUnit.DAYS).toString(), customer.getString("protectedUntil"));
        assertEquals(0, customer.getInt("version"));
        assertEquals(List.of("VISIT", "CONTACT", "CUSTOMER"),
                history(c.rep().auth(), c.customerId()).stream().map(e -> e.get("entityType")).toList());

        // An older effective visit never shortens it.
        record(c, visit(visitedAt.minus(10, ChronoUnit.DAYS), c.contactId(), true), true);
        assertEquals(visitedAt.plus(30, ChronoUnit.DAYS).toString(),
                get(c.rep().auth(), c.customerId()).getString("protectedUntil"));
    }

    /**
     * Nearly every visit extends its customer's protection. PostgreSQL can update the row in place on its
     * page, without a new entry in each of customer's indexes, only while no index mentions the column
     * (key, INCLUDE, expression or WHERE clause): V36 took it out of the two that had it.
     */
    @Test
    void noIndexOfCustomerMentionsProtectedUntilSoTheExtensionStaysOnItsPage() {
        Object indexes = Sql.value(db, "SELECT string_agg(i.indexrelid::regclass::text, ', ') FROM pg_index i"
                + " WHERE i.indrelid = 'customer'::regclass AND (EXISTS (SELECT 1 FROM pg_attribute a"
                + " WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) AND a.attname = 'protected_until')"
                + " OR pg_get_expr(i.indexprs, i.indrelid) LIKE '%protected_until%'"
                + " OR pg_get_expr(i.indpred, i.indrelid) LIKE '%protected_until%')");
        assertNull(indexes, "indexes of customer that mention protected_until");
        // The check itself sees a column of an index (owner_id is one of several).
        assertNotNull(Sql.value(db, "SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'customer'::regclass AND a.attname = 'owner_id'"
                + " LIMIT 1"));
    }

    @Test
    void aVisitThatIsNotEffectiveLeavesProtectionAlone() {
        Claimed c = claimedEndingTomorrow();
        String before = get(c.rep().auth(), c.customerId()).getString("protectedUntil");

        record(c, visit(anHourAgo(), c.contactId(), false), false);

        assertEquals(before, get(c.rep().auth(), c.customerId()).getString("protectedUntil"));
    }

    @Test
    void aVisitCorrectedIntoAnEffectiveOneExtendsProtection() {
        Claimed c = claimedEndingTomorrow();
        Instant visitedAt = anHourAgo();
        String visitId = record(c, visit(visitedAt, c.contactId(), false), false);

        Api.as(c.rep().auth()).header("If-Match", "\"0\"").body(visit(visitedAt, c.contactId(), true))
                .put("/api/v1/visits/" + visitId).then().statusCode(200)
                .body("effective", org.hamcrest.Matchers.equalTo(true));

        assertEquals(visitedAt.plus(30, ChronoUnit.DAYS).toString(),
                get(c.rep().auth(), c.customerId()).getString("protectedUntil"));
    }
}
