package io.github.crmvault.common.idempotency;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key header on the POSTs that create something, through the API. */
@QuarkusTest
class IdempotencyApiTest {
    private static final String HEADER = "Idempotency-Key";

    private static Response createCustomer(String auth, String key, Map<String, Object> body) {
        return Api.as(auth).header(HEADER, key).body(body).post("/api/v1/customers");
    }

    private static List<Object> idsNamed(String auth, String name) {
        return Pages.allIds(auth, "/api/v1/customers", Map.of("q", name));
    }

    @Test
    void aReplayReturnsTheFirstResponseAndCreatesNothing() {
        Org.Person rep = Org.rep();
        String name = Org.unique("Idem Co");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Customers.body(name);
        Response first = createCustomer(rep.auth(), key, body);
        first.then().statusCode(201);
        assertNull(first.header(Idempotency.REPLAYED));

        Response replay = createCustomer(rep.auth(), key, body);
        replay.then().statusCode(201).header(Idempotency.REPLAYED, "true");
        assertEquals(first.jsonPath().getMap(""), replay.jsonPath().getMap(""));
        assertEquals(first.header("Location"), replay.header("Location"));
        assertEquals(first.header("ETag"), replay.header("ETag"));
        assertEquals(first.contentType(), replay.contentType());
        assertEquals(List.of(first.jsonPath().getString("id")), idsNamed(rep.auth(), name));
    }

    @Test
    void theSameKeyWithAnotherBodyOrOperationIs422() {
        Org.Person rep = Org.rep();
        String key = UUID.randomUUID().toString();
        String name = Org.unique("Idem Body");
        createCustomer(rep.auth(), key, Customers.body(name)).then().statusCode(201);
        Problems.expect(createCustomer(rep.auth(), key, Customers.body(name + " changed")), 422, "idempotency-key-reused");
        assertEquals(1, idsNamed(rep.auth(), name).size());

        // The same key on another endpoint (a contact of some customer) is another request too.
        String customer = Customers.create(rep.auth(), Org.unique("Idem Target"));
        Problems.expect(Api.as(rep.auth()).header(HEADER, key).body(Map.of("name", "王芳"))
                .post("/api/v1/customers/" + customer + "/contacts"), 422, "idempotency-key-reused");
        Api.as(rep.auth()).get("/api/v1/customers/" + customer + "/contacts").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void keysBelongToTheCallersLogin() {
        Org.Person one = Org.rep();
        Org.Person two = Org.rep();
        String key = UUID.randomUUID().toString();
        String name = Org.unique("Idem Scoped");
        String first = createCustomer(one.auth(), key, Customers.body(name)).then().statusCode(201).extract().path("id");
        // another company: the same one again would be refused as a duplicate customer
        Response other = createCustomer(two.auth(), key, Customers.body(Org.unique("Idem Scoped Other")));
        other.then().statusCode(201);
        assertNull(other.header(Idempotency.REPLAYED));
        assertNotEquals(first, other.jsonPath().getString("id"));
        assertEquals(two.id(), other.jsonPath().getString("ownerId"));
    }

    @Test
    void aClientErrorOfTheOperationIsStoredAndReplayed() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("Idem Archived"));
        Api.as(rep.auth()).post("/api/v1/customers/" + customer + "/archive").then().statusCode(200);
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/customers/" + customer + "/contacts";
        Problems.expect(Api.as(rep.auth()).header(HEADER, key).body(Map.of("name", "王芳")).post(path), 409, "conflict");

        Api.as(rep.auth()).post("/api/v1/customers/" + customer + "/restore").then().statusCode(200);
        Problems.expect(Api.as(rep.auth()).header(HEADER, key).body(Map.of("name", "王芳")).post(path), 409, "conflict")
                .header(Idempotency.REPLAYED, "true");
        // A new key is a new attempt.
        Api.as(rep.auth()).header(HEADER, UUID.randomUUID().toString()).body(Map.of("name", "王芳")).post(path)
                .then().statusCode(201);
    }

    @Test
    void aBodyRefusedBeforeTheOperationStartsIsNotStored() {
        Org.Person rep = Org.rep();
        String key = UUID.randomUUID().toString();
        Problems.invalidField(createCustomer(rep.auth(), key, Map.of("name", "", "status", "LEAD")), "name");
        createCustomer(rep.auth(), key, Customers.body(Org.unique("Idem Fixed"))).then().statusCode(201);
    }

    @Test
    void badKeysAreRefused() {
        Org.Person rep = Org.rep();
        Problems.invalidField(createCustomer(rep.auth(), "x".repeat(256), Customers.body("Too long key")), HEADER);
        Problems.invalidField(createCustomer(rep.auth(), "   ", Customers.body("Blank key")), HEADER);
        createCustomer(rep.auth(), "k".repeat(255), Customers.body(Org.unique("Long key"))).then().statusCode(201);
    }

    @Test
    void teamsAndUsersTakeKeysToo() {
        String key = UUID.randomUUID().toString();
        String team = Org.unique("idem-team");
        Response first = Api.as(Org.ADMIN).header(HEADER, key).body(Map.of("name", team)).post("/api/v1/teams");
        first.then().statusCode(201);
        Response again = Api.as(Org.ADMIN).header(HEADER, key).body(Map.of("name", team)).post("/api/v1/teams");
        again.then().statusCode(201).header(Idempotency.REPLAYED, "true");
        assertEquals(first.jsonPath().getString("id"), again.jsonPath().getString("id"));

        String userKey = UUID.randomUUID().toString();
        Map<String, Object> user = Map.of("login", Org.unique("idem-user"), "displayName", "Idem User");
        String id = Api.as(Org.ADMIN).header(HEADER, userKey).body(user).post("/api/v1/users")
                .then().statusCode(201).extract().path("id");
        Api.as(Org.ADMIN).header(HEADER, userKey).body(user).post("/api/v1/users")
                .then().statusCode(201).body("id", equalTo(id)).header(Idempotency.REPLAYED, "true");
        // Without a key the same body is a new request: the login is taken now.
        Problems.expect(Api.as(Org.ADMIN).body(user).post("/api/v1/users"), 409, "conflict");
    }

    @Test
    void concurrentRequestsWithOneKeyCreateExactlyOneRecord() throws Exception {
        Org.Person rep = Org.rep();
        String key = UUID.randomUUID().toString();
        String name = Org.unique("Idem Concurrent");
        int n = 10;
        Map<String, Object> body = Customers.body(name);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return createCustomer(rep.auth(), key, body);
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<Response> future : futures) {
                Response response = future.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 201) {
                    ids.add(response.jsonPath().getString("id"));
                } else {
                    Problems.expect(response, 409, "idempotency-key-in-progress");
                }
            }
            assertTrue(ids.size() <= 1, "every success is the same record: " + ids);
            List<Object> created = idsNamed(rep.auth(), name);
            assertEquals(1, created.size());
            // Once the first has finished, the key replays it.
            String replayed = createCustomer(rep.auth(), key, body).then().statusCode(201)
                    .extract().path("id");
            assertEquals(created.get(0), replayed);
            assertNotNull(replayed);
        } finally {
            pool.shutdownNow();
        }
    }
}
