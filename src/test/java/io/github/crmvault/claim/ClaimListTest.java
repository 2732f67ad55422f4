package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.archivedCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.protectUntilHoursAgo;
import static io.github.crmvault.claim.ClaimTestSupport.release;
import static io.github.crmvault.claim.ClaimTestSupport.signedCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The lists of claims: a rep's expiring claims, the pool, a customer's ownership log. */
@QuarkusTest
class ClaimListTest {
    private static final String EXPIRING = "/api/v1/claims/expiring";
    private static final String POOL = "/api/v1/pool";

    @Inject
    DataSource db;

    @Test
    void expiringListsTheCallersRecallableClaimsSoonestFirst() {
        Org.Person rep = Org.rep();
        String inTwoDays = Customers.create(rep.auth(), Org.unique("两天"));
        String lapsed = Customers.create(rep.auth(), Org.unique("已过期"));
        String inSixDays = Customers.create(rep.auth(), Org.unique("六天"));
        String inTwentyDays = Customers.create(rep.auth(), Org.unique("二十天"));
        String later = Customers.create(rep.auth(), Org.unique("一个月"));
        String signed = signedCustomer(rep.auth(), Org.unique("签约"));
        String archived = archivedCustomer(rep.auth(), Org.unique("归档"));
        protectUntilHoursAgo(db, inTwoDays, -48);
        protectUntilHoursAgo(db, lapsed, 2);
        protectUntilHoursAgo(db, inSixDays, -144);
        protectUntilHoursAgo(db, inTwentyDays, -480);
        for (String id : List.of(signed, archived)) {
            protectUntilHoursAgo(db, id, -24);
        }
        Org.Person colleague = Org.rep();
        protectUntilHoursAgo(db, Customers.create(colleague.auth(), Org.unique("同事的")), -24);

        List<Object> week = Pages.allItems(rep.auth(), EXPIRING, Map.of(), 1).stream().map(i -> i.get("id")).toList();
        assertEquals(List.of(lapsed, inTwoDays, inSixDays), week);
        assertEquals(List.of(lapsed, inTwoDays, inSixDays, inTwentyDays),
                Pages.allIds(rep.auth(), EXPIRING, Map.of("days", 21)));
        assertEquals(List.of(lapsed, inTwoDays, inSixDays, inTwentyDays, later),
                Pages.allIds(rep.auth(), EXPIRING, Map.of("days", 31)));
        assertEquals(List.of(), Pages.allIds(Org.ADMIN, EXPIRING, Map.of()));

        for (String days : List.of("0", "366", "seven", "7.5")) {
            Problems.invalidField(Api.as(rep.auth()).queryParam("days", days).get(EXPIRING), "days");
        }
        Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", "nope").get(EXPIRING), "cursor");
    }

    @Test
    void thePoolListsLiveOwnerlessCustomersNewestFirstAndIsSearchable() {
        String tag = Org.unique("公海搜索");
        String first = poolCustomer(Customers.nameWith(tag));
        String second = poolCustomer(Customers.nameWith(tag));
        String third = poolCustomer(Customers.nameWith(tag));
        archivedCustomer(Org.ADMIN, Customers.nameWith(tag));
        Org.Person rep = Org.rep();
        Customers.create(rep.auth(), Customers.nameWith(tag));
        String claimed = poolCustomer(Customers.nameWith(tag));
        claim(rep.auth(), claimed).then().statusCode(200);

        for (String auth : List.of(rep.auth(), Org.ADMIN)) {
            List<Object> ids = Pages.allItems(auth, POOL, Map.of("q", tag), 2).stream().map(i -> i.get("id")).toList();
            assertEquals(List.of(third, second, first), ids);
        }

        release(rep.auth(), claimed, "不要了").then().statusCode(200);
        assertEquals(List.of(claimed, third, second, first), Pages.allIds(rep.auth(), POOL, Map.of("q", tag)));
        Problems.invalidField(Api.as(rep.auth()).queryParam("q", "x".repeat(101)).get(POOL), "q");
        Problems.invalidField(Api.as(rep.auth()).queryParam("limit", 0).get(POOL), "limit");
    }

    @Test
    void theOwnershipLogPagesNewestFirstAndFollowsVisibility() {
        Org.Person first = Org.rep();
        Org.Person second = Org.rep();
        String id = poolCustomer(Org.unique("几经易手"));
        claim(first.auth(), id).then().statusCode(200);
        release(first.auth(), id, "第一次退回").then().statusCode(200);
        claim(second.auth(), id).then().statusCode(200);

        List<Map<String, Object>> log = Pages.allItems(second.auth(), ClaimTestSupport.customer(id) + "/ownership",
                Map.of(), 1);
        assertEquals(List.of("CLAIM", "RELEASE", "CLAIM", "CREATE"), log.stream().map(e -> e.get("kind")).toList());
        assertEquals(second.id(), ((Map<?, ?>) log.get(0).get("to")).get("userId"));
        assertEquals("第一次退回", log.get(1).get("reason"));
        assertEquals(Map.of("pool", true), log.get(3).get("to"));
        assertFalse(log.get(3).containsKey("from"), "a creation comes from nobody");

        // The previous owner no longer sees the customer, so not its log either.
        Problems.notFound(Api.as(first.auth()).get(ClaimTestSupport.customer(id) + "/ownership"));
    }
}
