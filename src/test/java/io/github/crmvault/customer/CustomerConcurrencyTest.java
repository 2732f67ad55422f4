package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.CUSTOMERS;
import static io.github.crmvault.customer.CustomerTestSupport.actions;
import static io.github.crmvault.customer.CustomerTestSupport.contacts;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static io.github.crmvault.customer.CustomerTestSupport.createContact;
import static io.github.crmvault.customer.CustomerTestSupport.customer;
import static io.github.crmvault.customer.CustomerTestSupport.get;
import static io.github.crmvault.customer.CustomerTestSupport.history;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimistic locking under real concurrency: of N writers with the same If-Match, exactly one wins. */
@QuarkusTest
class CustomerConcurrencyTest {
    private static final int WRITERS = 10;

    private static List<Integer> statuses(List<Response> responses) {
        return responses.stream().map(Response::statusCode).sorted().toList();
    }

    private static List<Integer> oneWinner(int winner, int loser) {
        List<Integer> expected = new ArrayList<>();
        expected.add(winner);
        for (int i = 1; i < WRITERS; i++) {
            expected.add(loser);
        }
        return expected.stream().sorted().toList();
    }

    @Test
    void ofConcurrentPutsWithTheSameIfMatchExactlyOneWins() throws Exception {
        Org.Person rep = Org.rep();
        String name = Org.unique("并发");
        String id = create(rep.auth(), Customers.body(name));

        List<Response> responses = Parallel.requests(WRITERS, n -> {
            Map<String, Object> body = Customers.body(name + "-writer-" + n);
            body.put("notes", "writer " + n);
            return Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(customer(id));
        });

        assertEquals(oneWinner(200, 412), statuses(responses), "exactly one 200, the rest 412");
        Response winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        assertEquals("\"1\"", winner.header("ETag"));
        for (Response loser : responses) {
            if (loser.statusCode() == 412) {
                assertEquals("urn:problem:crm:precondition-failed", loser.jsonPath().getString("type"));
                assertTrue(loser.contentType().startsWith("application/problem+json"), loser.contentType());
            }
        }

        // the winner's body is what is stored, and history has exactly one UPDATE
        JsonPath stored = get(rep.auth(), id);
        assertEquals(1, stored.getInt("version"));
        assertEquals(winner.jsonPath().getString("name"), stored.getString("name"));
        assertEquals(winner.jsonPath().getString("notes"), stored.getString("notes"));
        List<Map<String, Object>> history = history(rep.auth(), id);
        assertEquals(List.of("CUSTOMER:UPDATE", "CUSTOMER:CREATE"), actions(history));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) history.get(0).get("changes");
        Map<String, Object> nameChange = changes.stream().filter(c -> "name".equals(c.get("field"))).findFirst()
                .orElseThrow();
        assertEquals(name, nameChange.get("oldValue"));
        assertEquals(stored.getString("name"), nameChange.get("newValue"));
    }

    @Test
    void ofConcurrentCreatesOfOneCompanyExactlyOneWins() throws Exception {
        Org.Person rep = Org.rep();
        String trade = Org.unique("并发建档").replace("-", "");
        String phone = Customers.phone();
        List<String> spellings = List.of("杭州" + trade + "有限公司", "浙江省杭州市" + trade + "股份有限公司",
                trade + "（杭州）有限公司", "上海" + trade);

        // every writer brings the same company, spelled its own way, with the same phone
        List<Response> responses = Parallel.requests(WRITERS, n -> {
            Map<String, Object> body = Customers.body(spellings.get(n % spellings.size()));
            body.put("phones", List.of(phone));
            return Api.as(rep.auth()).body(body).post(CUSTOMERS);
        });

        assertEquals(oneWinner(201, 409), statuses(responses), "exactly one 201, the rest 409");
        String winner = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
                .jsonPath().getString("id");
        for (Response loser : responses) {
            if (loser.statusCode() == 409) {
                assertEquals("urn:problem:crm:duplicate-customer", loser.jsonPath().getString("type"), loser.asString());
                assertEquals("BLOCKED", loser.jsonPath().getString("decision"));
                assertEquals(winner, loser.jsonPath().getString("conflicts[0].customerId"));
            }
        }
        assertEquals(List.of(winner), CustomerTestSupport.allIds(rep.auth(), Map.of("q", trade), 50));
    }

    @Test
    void ofConcurrentArchivesExactlyOneWins() throws Exception {
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), Customers.body(Org.unique("并发归档")));

        List<Response> responses = Parallel.requests(WRITERS, n -> Api.as(rep.auth()).post(customer(id) + "/archive"));

        List<Integer> statuses = statuses(responses);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 412), statuses.toString());
        assertEquals(1, get(rep.auth(), id).getInt("version"));
        assertEquals(List.of("CUSTOMER:ARCHIVE", "CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
    }

    @Test
    void ofConcurrentContactPutsWithTheSameIfMatchExactlyOneWins() throws Exception {
        Org.Person rep = Org.rep();
        String customerId = create(rep.auth(), Customers.body(Org.unique("并发联系人")));
        String contactId = createContact(rep.auth(), customerId, Map.of("name", "王芳"));
        String contact = contacts(customerId) + "/" + contactId;

        List<Response> responses = Parallel.requests(WRITERS, n -> {
            Map<String, Object> body = new HashMap<>();
            body.put("name", "王芳");
            body.put("title", "title " + n);
            return Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(contact);
        });

        assertEquals(oneWinner(200, 412), statuses(responses), "exactly one 200, the rest 412");
        Response winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        Api.as(rep.auth()).get(contact).then().statusCode(200).header("ETag", "\"1\"");
        assertEquals(winner.jsonPath().getString("title"),
                Api.as(rep.auth()).get(contact).then().extract().path("title"));
        assertEquals(List.of("CONTACT:UPDATE", "CONTACT:CREATE", "CUSTOMER:CREATE"),
                actions(history(rep.auth(), customerId)));
    }
}
