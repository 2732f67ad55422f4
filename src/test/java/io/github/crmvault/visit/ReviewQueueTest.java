package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.body;
import static io.github.crmvault.visit.VisitTestSupport.create;
import static io.github.crmvault.visit.VisitTestSupport.reviews;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manager's daily screen: unreviewed visits of their teams, oldest first, by day (Asia/Shanghai) and rep. */
@QuarkusTest
class ReviewQueueTest {
    private static final String QUEUE = "/api/v1/reviews/queue";

    private static List<String> queue(String auth, Map<String, ?> query) {
        return VisitTestSupport.allIds(auth, QUEUE, query, 1, "visitId");
    }

    @Test
    void unreviewedVisitsOfTheManagedTeamsOldestFirst() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        Org.Person first = region.rep();
        Org.Person second = OrgAdmin.person(region.repTeam(), "sales");
        String secondCustomer = Customers.create(second.auth(), Org.unique("二号客户"));
        // Shanghai is UTC+8: 2025-03-10 there runs from 2025-03-09T16:00Z to 2025-03-10T16:00Z
        String v1 = create(first.auth(), region.customerId(), body("2025-03-10T01:00:00Z"));
        String v2 = create(second.auth(), secondCustomer, body("2025-03-10T03:00:00Z"));
        String v3 = create(first.auth(), region.customerId(), body("2025-03-10T16:30:00Z"));
        String v4 = create(second.auth(), secondCustomer, body("2025-03-09T15:59:59Z"));
        VisitTestSupport.Region other = VisitTestSupport.Region.create();
        String elsewhere = create(other.rep().auth(), other.customerId(), body("2025-03-10T02:00:00Z"));
        String manager = region.manager().auth();

        assertEquals(List.of(v4, v1, v2, v3), queue(manager, Map.of()));
        assertEquals(List.of(v1, v2), queue(manager, Map.of("day", "2025-03-10")));
        assertEquals(List.of(v3), queue(manager, Map.of("day", "2025-03-11")));
        assertEquals(List.of(v4, v2), queue(manager, Map.of("authorId", second.id())));
        assertEquals(List.of(v2), queue(manager, Map.of("authorId", second.id(), "day", "2025-03-10")));
        assertEquals(List.of(elsewhere), queue(other.manager().auth(), Map.of()));
        // another region's rep is not in this manager's teams
        assertEquals(List.of(), queue(manager, Map.of("authorId", other.rep().id())));

        Api.as(manager).queryParam("day", "2025-03-10").queryParam("authorId", first.id()).get(QUEUE).then()
                .statusCode(200)
                .body("items[0].visitId", equalTo(v1))
                .body("items[0].authorId", equalTo(first.id()))
                .body("items[0].authorName", equalTo("User " + first.login()))
                .body("items[0].customerId", equalTo(region.customerId()))
                .body("items[0].customerName", org.hamcrest.Matchers.startsWith("拜访客户"))
                .body("items[0].visitedAt", equalTo("2025-03-10T01:00:00Z"))
                .body("items[0].noteLength", equalTo(120))
                .body("items[0].qualityScore", equalTo(80))
                .body("items[0].effective", equalTo(false));

        // reviewed visits leave the queue
        Api.as(manager).body(Map.of("verdict", "GOOD")).post(reviews(v1)).then().statusCode(201);
        assertEquals(List.of(v4, v2, v3), queue(manager, Map.of()));
        // an admin sees every author's unreviewed visits
        String adminLogin = Org.unique("boss");
        Org.user(adminLogin, null);
        String admin = Tokens.bearer(adminLogin, "admin");
        assertEquals(List.of(v3), queue(admin, Map.of("authorId", first.id())));
        assertEquals(List.of(elsewhere), queue(Org.ADMIN, Map.of("authorId", other.rep().id())));
    }

    @Test
    void aManagerOfNothingHasAnEmptyQueue() {
        Org.Person lonely = OrgAdmin.person(Org.team(Org.unique("solo"), null, null), "manager");
        Api.as(lonely.auth()).get(QUEUE).then().statusCode(200).body("items", empty());
    }

    @Test
    void badFiltersAreRejected() {
        String manager = VisitTestSupport.Region.create().manager().auth();
        Problems.invalidField(Api.as(manager).queryParam("day", "yesterday").get(QUEUE), "day");
        Problems.invalidField(Api.as(manager).queryParam("authorId", "bob").get(QUEUE), "authorId");
        Problems.invalidField(Api.as(manager).queryParam("cursor", "xyz").get(QUEUE), "cursor");
        Problems.invalidField(Api.as(manager).queryParam("limit", "0").get(QUEUE), "limit");
    }
}
