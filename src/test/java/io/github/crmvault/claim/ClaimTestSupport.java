package io.github.crmvault.claim;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.github.crmvault.support.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Shared helpers of the claim tests. */
final class ClaimTestSupport {
    private ClaimTestSupport() {
    }

    static String customer(String id) {
        return "/api/v1/customers/" + id;
    }

    /** A customer in the public pool (an admin's creation). */
    static String poolCustomer(String name) {
        return Customers.create(Org.ADMIN, name);
    }

    /** A customer of the caller that has signed: an account, which recall never takes. */
    static String signedCustomer(String auth, String name) {
        return Customers.signed(auth, name);
    }

    /** A customer of the caller, archived. */
    static String archivedCustomer(String auth, String name) {
        String id = Customers.create(auth, name);
        Api.as(auth).post(customer(id) + "/archive").then().statusCode(200);
        return id;
    }

    static Response claim(String auth, String customerId) {
        return Api.as(auth).post(customer(customerId) + "/claim");
    }

    static Response release(String auth, String customerId, String reason) {
        return Api.as(auth).body(Map.of("reason", reason)).post(customer(customerId) + "/release");
    }

    static JsonPath get(String auth, String customerId) {
        return Api.as(auth).get(customer(customerId)).then().statusCode(200).extract().jsonPath();
    }

    /** The newest entries of a customer's history. */
    static List<Map<String, Object>> history(String auth, String customerId) {
        return Api.as(auth).queryParam("limit", 200).get(customer(customerId) + "/history").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** The newest entries of a customer's ownership log. */
    static List<Map<String, Object>> ownership(String auth, String customerId) {
        return Api.as(auth).queryParam("limit", 200).get(customer(customerId) + "/ownership").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** Gives the user {@code count} live, unsigned customers at once, straight in the database. */
    static void giveCustomers(DataSource db, String userId, int count) {
        Sql.update(db, "INSERT INTO customer (id, name, status, owner_id, search_text, version, created_at, created_by,"
                + " updated_at, updated_by, claimed_at, protected_until)"
                + " SELECT gen_random_uuid(), 'filler ' || g, 'LEAD', ?, 'filler', 0, now(), 'test', now(), 'test',"
                + " now(), now() + interval '30 days' FROM generate_series(1, ?) g", UUID.fromString(userId), count);
    }

    /** Lets the customer's protection end {@code hoursAgo} hours ago (negative: in the future). */
    static void protectUntilHoursAgo(DataSource db, String customerId, int hoursAgo) {
        Sql.update(db, "UPDATE customer SET protected_until = now() - make_interval(hours => ?) WHERE id = ?",
                hoursAgo, UUID.fromString(customerId));
    }

    /** A manager of a top team, and a rep in a team below it. */
    record Region(Org.Person manager, Org.Person rep) {
        static Region create() {
            String managerLogin = Org.unique("mgr");
            String managerId = Org.user(managerLogin, null);
            Org.Person manager = new Org.Person(managerLogin, managerId, Tokens.bearer(managerLogin, "manager"));
            String top = Org.team(Org.unique("region"), null, managerId);
            String squad = Org.team(Org.unique("squad"), top, null);
            return new Region(manager, OrgAdmin.person(squad, "sales"));
        }
    }
}
