package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.body;
import static io.github.crmvault.visit.VisitTestSupport.history;
import static io.github.crmvault.visit.VisitTestSupport.visits;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A mobile app retries over bad networks: a client-supplied id makes creating a visit safe to repeat. */
@QuarkusTest
class VisitIdempotencyTest {
    private static final int CLIENTS = 50;

    @Test
    void aRetryWithTheSameContentReturnsTheStoredVisit() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("重试"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        body.put("id", id);
        var first = Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(201)
                .body("id", equalTo(id)).extract();
        var again = Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(200)
                .header("ETag", "\"0\"").extract();
        assertEquals(first.jsonPath().getMap("$"), again.jsonPath().getMap("$"));
        assertEquals(List.of(id), VisitTestSupport.allIds(rep.auth(), visits(customerId), Map.of(), 50, "id"));
        assertEquals(List.of("VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));

        // other content under the same id is a different visit: refused, nothing changes
        Map<String, Object> other = new java.util.HashMap<>(body);
        other.put("notes", VisitTestSupport.chinese(130));
        Problems.expect(Api.as(rep.auth()).body(other).post(visits(customerId)), 409, "id-in-use");
        // so is the same id from someone else, or for another customer
        Org.Person colleague = Org.rep();
        String theirs = Customers.create(colleague.auth(), Org.unique("同号"));
        Problems.expect(Api.as(colleague.auth()).body(body).post(visits(theirs)), 409, "id-in-use");
        String second = Customers.create(rep.auth(), Org.unique("另一家"));
        Problems.expect(Api.as(rep.auth()).body(body).post(visits(second)), 409, "id-in-use");
        Api.as(rep.auth()).get(VisitTestSupport.visit(id)).then().body("noteLength", equalTo(120))
                .body("customerId", equalTo(customerId));
        Api.as(rep.auth()).get(visits(second)).then().body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void aRetryAfterAnEditStillReturnsTheStoredVisit() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("改后重试"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        body.put("id", id);
        Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(201);
        Map<String, Object> edit = body();
        edit.put("notes", VisitTestSupport.chinese(200));
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(edit).put(VisitTestSupport.visit(id)).then().statusCode(200);
        // the late retry of the create is answered with the record as it is now
        Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(200)
                .body("noteLength", equalTo(200)).body("version", equalTo(1));
    }

    @Test
    void fiftyConcurrentIdenticalRequestsCreateExactlyOneVisit() throws Exception {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("并发"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = body();
        body.put("id", id);

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Callable<Response> task = () -> {
                    ready.countDown();
                    go.await();
                    return Api.as(rep.auth()).body(body).post(visits(customerId));
                };
                futures.add(pool.submit(task));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = responses.stream().map(Response::statusCode).sorted().toList();
        List<Integer> expected = new ArrayList<>(Collections.nCopies(CLIENTS - 1, 200));
        expected.add(201);
        assertEquals(expected, statuses);
        for (Response response : responses) {
            assertEquals(id, response.path("id"));
            assertEquals(120, (int) response.path("noteLength"));
        }
        assertEquals(List.of(id), VisitTestSupport.allIds(rep.auth(), visits(customerId), Map.of(), 50, "id"));
        assertEquals(List.of("VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));
    }
}
