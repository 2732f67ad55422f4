package io.github.crmvault.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Parallel;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Owner moves racing each other: no deadlock answered as a 500, and no customer left with a deactivated user. */
@QuarkusTest
class OwnerMoveConcurrencyTest {
    private static final int TRANSFERS = 8;

    @Inject
    EntityManager em;

    private long ownedBy(String userId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("SELECT count(*) FROM customer WHERE owner_id = :user")
                .setParameter("user", UUID.fromString(userId)).getSingleResult()).longValue());
    }

    @Test
    void transfersToAUserBeingHandedOverAndDeactivatedEitherMoveWithTheHandoverOrAreRefused() throws Exception {
        Org.Person leaving = Org.rep();
        Org.Person giver = Org.rep();
        Customers.create(leaving.auth(), Org.unique("Own Co"));
        List<String> given = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            given.add(Customers.create(giver.auth(), Org.unique("Given Co")));
        }

        List<Response> responses = Parallel.requests(TRANSFERS + 1, n -> n == TRANSFERS
                ? Api.as(Org.ADMIN).body(Map.of("toPool", true, "reason", "离职", "deactivate", true))
                        .post("/api/v1/users/" + leaving.id() + "/handover")
                : Api.as(Org.ADMIN).body(Map.of("toUserId", leaving.id(), "reason", "调整"))
                        .post("/api/v1/customers/" + given.get(n) + "/transfer"));

        Response handover = responses.get(TRANSFERS);
        assertEquals(200, handover.statusCode(), handover.asString());
        long transferred = responses.subList(0, TRANSFERS).stream().filter(r -> r.statusCode() == 200).count();
        responses.subList(0, TRANSFERS).forEach(r -> assertTrue(r.statusCode() == 200 || r.statusCode() == 400,
                r.statusCode() + " " + r.asString()));
        // Those that came first were handed over with the rest; the others found the user deactivated.
        assertEquals(1 + transferred, handover.jsonPath().getLong("customersMoved"));
        assertEquals(0, ownedBy(leaving.id()));
    }

    @Test
    void crossingMergesOfOnePairQueue() throws Exception {
        Org.Person rep = Org.rep();
        String one = Customers.create(rep.auth(), Org.unique("Pair One"));
        String two = Customers.create(rep.auth(), Org.unique("Pair Two"));
        List<String> pair = List.of(one, two);

        List<Response> responses = Parallel.requests(2, n -> Api.as(Org.ADMIN)
                .body(Map.of("survivorId", pair.get(1 - n), "reason", "重复录入"))
                .post("/api/v1/customers/" + pair.get(n) + "/merge"));

        List<Integer> statuses = responses.stream().map(Response::statusCode).sorted().toList();
        assertEquals(List.of(200, 409), statuses, responses.get(0).asString() + responses.get(1).asString());
    }

    @Test
    void crossingHandoversBetweenTwoUsersQueue() throws Exception {
        Org.Person one = Org.rep();
        Org.Person two = Org.rep();
        Customers.create(one.auth(), Org.unique("Crossing One"));
        Customers.create(two.auth(), Org.unique("Crossing Two"));
        List<Org.Person> pair = List.of(one, two);

        List<Response> responses = Parallel.requests(2, n -> Api.as(Org.ADMIN)
                .body(Map.of("toUserId", pair.get(1 - n).id(), "reason", "互换"))
                .post("/api/v1/users/" + pair.get(n).id() + "/handover"));

        responses.forEach(r -> assertEquals(200, r.statusCode(), r.asString()));
        // Whichever ran second took both customers back with it.
        assertEquals(2, ownedBy(one.id()) + ownedBy(two.id()));
        assertTrue(ownedBy(one.id()) == 0 || ownedBy(two.id()) == 0);
    }
}
