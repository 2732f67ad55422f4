package io.github.crmvault.deal;

import static io.github.crmvault.deal.DealTestSupport.body;
import static io.github.crmvault.deal.DealTestSupport.cancel;
import static io.github.crmvault.deal.DealTestSupport.customer;
import static io.github.crmvault.deal.DealTestSupport.customerDue;
import static io.github.crmvault.deal.DealTestSupport.history;
import static io.github.crmvault.deal.DealTestSupport.record;
import static io.github.crmvault.deal.DealTestSupport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.Parallel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deals of one customer queue on its row: several contracts all count, a cancellation happens once. */
@QuarkusTest
class DealConcurrencyTest {
    @Test
    void concurrentDealsAllSucceedAndTheCustomerIsSignedOnce() throws Exception {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);

        List<Response> responses = Parallel.requests(4, i -> record(rep.auth(), customerId, body()));

        responses.forEach(r -> r.then().statusCode(201));
        List<Map<String, Object>> entries = history(rep.auth(), customerId);
        assertEquals(4, entries.stream().filter(e -> "DEAL".equals(e.get("entityType"))).count());
        assertEquals(1, entries.stream().filter(e -> "CUSTOMER".equals(e.get("entityType"))
                && e.get("changes").toString().contains("newValue=SIGNED")).count(), entries.toString());
        assertEquals("SIGNED", customer(rep.auth(), customerId).getString("status"));
        assertEquals(1, customer(rep.auth(), customerId).getInt("version"));
    }

    @Test
    void cancelRacingCancelIsOneSuccessAndOneConflict() throws Exception {
        Org.Person rep = Org.rep();
        String customerId = customerDue(rep.auth(), null);
        String dealId = recorded(rep.auth(), customerId);

        List<Response> responses = Parallel.requests(2, i -> cancel(rep.auth(), customerId, dealId, "race " + i));

        List<Integer> statuses = responses.stream().map(Response::statusCode).sorted().toList();
        assertEquals(List.of(200, 409), statuses);
        assertEquals(1, history(rep.auth(), customerId).stream()
                .filter(e -> "DEAL".equals(e.get("entityType")) && "CANCEL".equals(e.get("action"))).count());
        assertEquals("PROSPECT", customer(rep.auth(), customerId).getString("status"));
    }
}
