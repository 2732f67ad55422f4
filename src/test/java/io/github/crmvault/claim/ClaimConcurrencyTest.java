package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.get;
import static io.github.crmvault.claim.ClaimTestSupport.giveCustomers;
import static io.github.crmvault.claim.ClaimTestSupport.history;
import static io.github.crmvault.claim.ClaimTestSupport.ownership;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Claims under real concurrency: parallel HTTP requests, released together. */
@QuarkusTest
class ClaimConcurrencyTest {
    @Inject
    DataSource db;

    private static long count(List<Response> responses, int status) {
        return responses.stream().filter(r -> r.statusCode() == status).count();
    }

    @Test
    void ofFiftyRepsClaimingOnePoolCustomerExactlyOneGetsIt() throws Exception {
        String team = Org.team(Org.unique("抢客户"), null, null);
        List<Org.Person> reps = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reps.add(OrgAdmin.person(team, "sales"));
        }
        String id = poolCustomer(Org.unique("热门客户"));

        List<Response> responses = Parallel.requests(50, n -> claim(reps.get(n).auth(), id));

        assertEquals(1, count(responses, 200), responses.stream().map(Response::statusCode).toList().toString());
        // The others lost the race and are told so, though the customer has left their view.
        assertEquals(49, count(responses, 409));
        int winner = 0;
        while (responses.get(winner).statusCode() != 200) {
            winner++;
        }
        Org.Person owner = reps.get(winner);
        assertEquals(owner.id(), get(owner.auth(), id).getString("ownerId"));
        assertEquals(1, get(owner.auth(), id).getInt("version"));
        assertEquals(List.of("CLAIM", "CREATE"), history(owner.auth(), id).stream().map(e -> e.get("action")).toList());
        assertEquals(List.of("CLAIM", "CREATE"), ownership(owner.auth(), id).stream().map(e -> e.get("kind")).toList());
    }

    @Test
    void aRepOneBelowTheLimitClaimingFiveAtOnceGetsExactlyOne() throws Exception {
        Org.Person rep = Org.rep();
        giveCustomers(db, rep.id(), 99);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pool.add(poolCustomer(Org.unique("同时领取")));
        }

        List<Response> responses = Parallel.requests(5, n -> claim(rep.auth(), pool.get(n)));

        assertEquals(1, count(responses, 200), responses.stream().map(Response::statusCode).toList().toString());
        for (Response response : responses) {
            if (response.statusCode() != 200) {
                assertEquals(409, response.statusCode());
                assertEquals("urn:problem:crm:claim-limit-reached", response.jsonPath().getString("type"));
            }
        }
        long held = ((Number) Sql.value(db, "SELECT count(*) FROM customer WHERE owner_id = ?",
                UUID.fromString(rep.id()))).longValue();
        assertEquals(100, held);
        long stillInPool = pool.stream().filter(id -> get(Org.ADMIN, id).getString("ownerId") == null).count();
        assertEquals(4, stillInPool);
        pool.stream().filter(id -> get(Org.ADMIN, id).getString("ownerId") == null)
                .forEach(id -> assertNull(get(Org.ADMIN, id).getString("claimedAt")));
    }
}
