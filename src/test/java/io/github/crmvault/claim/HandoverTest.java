package io.github.crmvault.claim;

import static io.github.crmvault.support.OwnerMoves.customer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** POST /users/{id}/handover, and the deactivation it makes possible (PUT /users/{id}). */
@QuarkusTest
class HandoverTest {
    private static final String REASON = "张伟离职，客户交接";

    @Inject
    DataSource dataSource;
    @Inject
    EntityManager em;

    private static Response handover(String userId, Map<String, Object> body) {
        return Api.as(Org.ADMIN).body(body).post("/api/v1/users/" + userId + "/handover");
    }

    private static Map<String, Object> to(String successorId) {
        Map<String, Object> body = new HashMap<>();
        body.put("toUserId", successorId);
        body.put("reason", REASON);
        return body;
    }

    private static Map<String, Object> toPool() {
        Map<String, Object> body = new HashMap<>();
        body.put("toPool", true);
        body.put("reason", REASON);
        return body;
    }

    private static String adminLogin() {
        return Api.as(Org.ADMIN).get("/api/v1/me").then().statusCode(200).extract().path("login");
    }

    private static Set<Object> owned(Org.Person person) {
        return new HashSet<>(Pages.allIds(person.auth(), "/api/v1/customers",
                Map.of("ownerId", "me", "includeArchived", "true")));
    }

    private void sql(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            Query update = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                update.setParameter(i + 1, params[i]);
            }
            update.executeUpdate();
        });
    }

    private long count(String sql, String userId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, UUID.fromString(userId)).getSingleResult()).longValue());
    }

    @Test
    void everyCustomerGoesToTheSuccessorWithItsContactsVisitsAndHistory() {
        Org.Person leaving = Org.rep();
        Org.Person successor = Org.rep();
        String live = Customers.create(leaving.auth(), Org.unique("Handed Co"));
        String contactId = OwnerMoves.contact(leaving.auth(), live);
        String visitId = OwnerMoves.visit(leaving.auth(), live);
        String signed = Customers.signed(leaving.auth(), Org.unique("Signed Handed Co"));
        String archived = Customers.create(leaving.auth(), Org.unique("Archived Handed Co"));
        Api.as(leaving.auth()).post(customer(archived) + "/archive").then().statusCode(200);
        // Times with no fraction and with milliseconds only: the history must show them as the API does.
        sql("UPDATE customer SET claimed_at = '2026-01-02T03:04:05Z', protected_until = '2026-02-01T00:00:00.120Z'"
                + " WHERE id = ?", UUID.fromString(signed));
        List<String> ids = List.of(live, signed, archived);
        Map<String, JsonPath> before = new HashMap<>();
        ids.forEach(id -> before.put(id, OwnerMoves.get(Org.ADMIN, id)));

        handover(leaving.id(), to(successor.id())).then().statusCode(200)
                .body("customersMoved", equalTo(3))
                .body("toUserId", equalTo(successor.id()))
                .body("user.id", equalTo(leaving.id()))
                .body("user.active", equalTo(true));

        assertEquals(new HashSet<>(ids), owned(successor));
        assertEquals(Set.of(), owned(leaving));
        Api.as(successor.auth()).get(customer(live) + "/contacts/" + contactId).then().statusCode(200);
        Api.as(successor.auth()).get(customer(live) + "/visits").then().statusCode(200).body("items.id", hasItem(visitId));
        Problems.notFound(Api.as(leaving.auth()).get(customer(live)));
        Problems.notFound(Api.as(leaving.auth()).get("/api/v1/visits/" + visitId));

        String admin = adminLogin();
        for (String id : ids) {
            JsonPath after = OwnerMoves.get(successor.auth(), id);
            assertEquals(before.get(id).getInt("version") + 1, after.getInt("version"));
            assertEquals(admin, after.getString("updatedBy"));
            assertEquals(before.get(id).getString("status"), after.getString("status"));
            assertEquals(before.get(id).getBoolean("archived"), after.getBoolean("archived"));
            // The history keeps the former owner's work and records the handover exactly as a single move would.
            List<Map<String, Object>> history = OwnerMoves.history(successor.auth(), id);
            assertTrue(history.stream().anyMatch(e -> "CREATE".equals(e.get("action"))
                    && leaving.login().equals(e.get("actor"))), "the creation stays in the history");
            Map<String, Object> entry = history.get(0);
            assertEquals("HANDOVER", entry.get("action"));
            assertEquals(admin, entry.get("actor"));
            assertEquals(REASON, entry.get("reason"));
            assertEquals(List.of("claimedAt", "ownerId", "protectedUntil"),
                    OwnerMoves.changes(entry).keySet().stream().sorted().toList());
            assertEquals(Map.of(
                    "claimedAt", List.of(before.get(id).getString("claimedAt"), after.getString("claimedAt")),
                    "ownerId", List.of(leaving.id(), successor.id()),
                    "protectedUntil", List.of(before.get(id).getString("protectedUntil"), after.getString("protectedUntil"))),
                    OwnerMoves.changes(entry));
            List<List<String>> log = OwnerMoves.ownerLog(dataSource, id);
            assertEquals(List.of("HANDOVER", leaving.id(), successor.id(), admin, REASON), log.get(log.size() - 1));
        }
        Api.as(successor.auth()).get(customer(live) + "/history").then().statusCode(200)
                .body("items.entityType", hasItem("VISIT")).body("items.entityType", hasItem("CONTACT"));
    }

    @Test
    void aRepWithManyCustomersIsHandedOverWithEveryAuditRow() {
        Org.Person leaving = Org.rep();
        Org.Person successor = Org.rep();
        int many = 1500;
        // Loaded in SQL, as a long-serving rep's book would have grown.
        sql("INSERT INTO customer (id, name, status, owner_id, search_text, version, created_at, created_by,"
                + " updated_at, updated_by, claimed_at, protected_until)"
                + " SELECT gen_random_uuid(), 'Book ' || n, 'PROSPECT', ?, 'book ' || n, 0, now(), 'loader', now(),"
                + " 'loader', now(), now() + interval '3 days' FROM generate_series(1, ?) AS n",
                UUID.fromString(leaving.id()), many);

        handover(leaving.id(), to(successor.id())).then().statusCode(200).body("customersMoved", equalTo(many));

        assertEquals(many, count("SELECT count(*) FROM customer WHERE owner_id = ? AND version = 1"
                + " AND protected_until > now() + interval '29 days'", successor.id()));
        assertEquals(many, count("SELECT count(*) FROM customer_history h JOIN customer c ON c.id = h.customer_id"
                + " WHERE c.owner_id = ? AND h.action = 'HANDOVER' AND h.reason IS NOT NULL"
                + " AND jsonb_array_length(h.changes) = 3", successor.id()));
        assertEquals(many, count("SELECT count(*) FROM customer_owner_change o JOIN customer c ON c.id = o.customer_id"
                + " WHERE c.owner_id = ? AND o.kind = 'HANDOVER' AND o.new_owner_key = c.owner_id", successor.id()));
        assertEquals(many, count("SELECT count(DISTINCT s.entity_id) FROM sync_change s JOIN customer c"
                + " ON c.id = s.customer_id WHERE c.owner_id = ? AND s.entity_type = 'CUSTOMER'", successor.id()));
    }

    @Test
    void toThePoolWithDeactivationInTheSameRequest() {
        Org.Person leaving = Org.rep();
        Org.Person anyRep = Org.rep();
        String first = Customers.create(leaving.auth(), Org.unique("Pooled A"));
        String second = Customers.create(leaving.auth(), Org.unique("Pooled B"));
        Map<String, Object> body = toPool();
        body.put("deactivate", true);

        handover(leaving.id(), body).then().statusCode(200)
                .body("customersMoved", equalTo(2))
                .body("toUserId", nullValue())
                .body("user.active", equalTo(false));

        for (String id : List.of(first, second)) {
            Api.as(anyRep.auth()).get(customer(id)).then().statusCode(200)
                    .body("ownerId", nullValue()).body("claimedAt", nullValue()).body("protectedUntil", nullValue());
            List<List<String>> log = OwnerMoves.ownerLog(dataSource, id);
            assertEquals(List.of("HANDOVER", leaving.id(), Visibility.POOL.toString()),
                    log.get(log.size() - 1).subList(0, 3));
        }
        Problems.expect(Api.as(leaving.auth()).get("/api/v1/me"), 403, "unknown-user");
        Api.as(Org.ADMIN).get("/api/v1/users/" + leaving.id() + "/history").then().statusCode(200)
                .body("items[0].action", equalTo("DEACTIVATE"))
                .body("items[0].actor", equalTo(adminLogin()));
    }

    @Test
    void aUserWhoOwnsCustomersCannotBeDeactivatedUntilTheyAreHandedOver() {
        Org.Person rep = Org.rep();
        Org.Person successor = Org.rep();
        String live = Customers.create(rep.auth(), Org.unique("Kept Co"));
        String archived = Customers.create(rep.auth(), Org.unique("Kept Archived Co"));
        Api.as(rep.auth()).post(customer(archived) + "/archive").then().statusCode(200);
        String userPath = "/api/v1/users/" + rep.id();
        String etag = OrgAdmin.etag(userPath);

        Problems.expect(OrgAdmin.putActive(rep.id(), false), 409, "user-owns-customers")
                .body("customers", equalTo(2))
                .body("handover", equalTo(userPath + "/handover"))
                .body("detail", containsString("hand them over"));

        // Nothing changed: the rep works on, with both customers.
        Api.as(Org.ADMIN).get(userPath).then().statusCode(200).body("active", equalTo(true)).header("ETag", equalTo(etag));
        Api.as(rep.auth()).get(customer(live)).then().statusCode(200).body("version", equalTo(0));
        assertEquals(Set.of(live, archived), owned(rep));

        handover(rep.id(), to(successor.id())).then().statusCode(200).body("customersMoved", equalTo(2));
        OrgAdmin.putActive(rep.id(), false).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void aUserWhoOwnsNothingIsHandedOverWithNothingMoved() {
        Org.Person idle = Org.rep();
        handover(idle.id(), toPool()).then().statusCode(200)
                .body("customersMoved", equalTo(0)).body("user.active", equalTo(true));
        Map<String, Object> body = toPool();
        body.put("deactivate", true);
        handover(idle.id(), body).then().statusCode(200)
                .body("customersMoved", equalTo(0)).body("user.active", equalTo(false));
        // Handing over a user who left already is allowed: it is how their last customers are found a home.
        handover(idle.id(), body).then().statusCode(200).body("user.active", equalTo(false));
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        Org.Person leaving = Org.rep();
        Org.Person successor = Org.rep();
        String id = Customers.create(leaving.auth(), Org.unique("Stays Co"));
        Org.Person gone = Org.rep();
        OrgAdmin.setUserActive(gone.id(), false);

        Problems.invalidField(handover(leaving.id(), to(leaving.id())), "toUserId")
                .body("detail", containsString("leaving user"));
        Problems.invalidField(handover(leaving.id(), to(gone.id())), "toUserId")
                .body("detail", containsString("deactivated"));
        Problems.invalidField(handover(leaving.id(), to(UUID.randomUUID().toString())), "toUserId");
        Map<String, Object> both = to(successor.id());
        both.put("toPool", true);
        Problems.invalidField(handover(leaving.id(), both), "toPool");
        Map<String, Object> neither = toPool();
        neither.put("toPool", false);
        Problems.invalidField(handover(leaving.id(), neither), "toUserId");
        neither.remove("toPool");
        Problems.invalidField(handover(leaving.id(), neither), "toUserId");
        Map<String, Object> noReason = to(successor.id());
        noReason.remove("reason");
        Problems.invalidField(handover(leaving.id(), noReason), "reason");
        Map<String, Object> badFlag = to(successor.id());
        badFlag.put("deactivate", "soon");
        Problems.invalidField(handover(leaving.id(), badFlag), "deactivate");
        Problems.notFound(handover(UUID.randomUUID().toString(), to(successor.id())));
        Problems.invalidField(handover("nobody", to(successor.id())), "id");

        Api.as(leaving.auth()).get(customer(id)).then().statusCode(200)
                .body("ownerId", equalTo(leaving.id())).body("version", equalTo(0));
        Api.as(Org.ADMIN).get("/api/v1/users/" + leaving.id()).then().statusCode(200).body("active", equalTo(true));
        assertEquals(Arrays.asList("CREATE", null, leaving.id(), leaving.login(), null),
                OwnerMoves.ownerLog(dataSource, id).get(0));
        assertEquals(1, OwnerMoves.ownerLog(dataSource, id).size());
        assertTrue(OwnerMoves.history(Org.ADMIN, id, "HANDOVER").isEmpty());
    }
}
