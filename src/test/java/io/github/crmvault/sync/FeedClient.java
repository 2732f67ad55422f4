package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.crmvault.support.Api;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A change-feed client as a mobile app would write one: it pulls pages until hasMore is false and
 * applies them to a local copy. Every response is validated against the contract.
 */
final class FeedClient {
    static final String PATH = "/api/v1/sync/changes";

    final String auth;
    String cursor;
    final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> visits = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> reviews = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> deals = new LinkedHashMap<>();
    /** "TYPE:id" of every removal received. */
    final Set<String> removed = new HashSet<>();
    /** Every raw response body, to check that an id never appears anywhere. */
    final List<String> bodies = new ArrayList<>();
    int limit = 1000;

    FeedClient(String auth) {
        this.auth = auth;
    }

    FeedClient(String auth, String cursor) {
        this.auth = auth;
        this.cursor = cursor;
    }

    JsonPath page() {
        Map<String, Object> query = new HashMap<>();
        query.put("limit", limit);
        if (cursor != null) {
            query.put("cursor", cursor);
        }
        String body = Api.as(auth).queryParams(query).get(PATH).then().statusCode(200).extract().asString();
        bodies.add(body);
        return new JsonPath(body);
    }

    /** Pulls until the feed says nothing more is ready, applying each page. */
    FeedClient pull() {
        for (int i = 0; i < 10_000; i++) {
            JsonPath page = page();
            List<Map<String, Object>> pageCustomers = page.getList("customers");
            List<Map<String, Object>> pageContacts = page.getList("contacts");
            List<Map<String, Object>> pageRemoved = page.getList("removed");
            Set<Object> seen = new HashSet<>();
            for (Map<String, Object> c : pageCustomers) {
                assertEquals(true, seen.add("CUSTOMER:" + c.get("id")), "a record appears once per page");
                customers.put((String) c.get("id"), c);
                removed.remove("CUSTOMER:" + c.get("id"));
            }
            for (Map<String, Object> c : pageContacts) {
                assertEquals(true, seen.add("CONTACT:" + c.get("id")), "a record appears once per page");
                contacts.put((String) c.get("id"), c);
                removed.remove("CONTACT:" + c.get("id"));
            }
            apply(page.getList("visits"), "VISIT", visits, seen);
            apply(page.getList("reviews"), "REVIEW", reviews, seen);
            apply(page.getList("deals"), "DEAL", deals, seen);
            for (Map<String, Object> r : pageRemoved) {
                String key = r.get("type") + ":" + r.get("id");
                assertEquals(true, seen.add(key), "a record appears once per page");
                removed.add(key);
                Map<String, Map<String, Object>> local = switch ((String) r.get("type")) {
                    case "CUSTOMER" -> customers;
                    case "CONTACT" -> contacts;
                    case "VISIT" -> visits;
                    case "DEAL" -> deals;
                    default -> reviews;
                };
                local.remove((String) r.get("id"));
            }
            cursor = page.getString("nextCursor");
            assertNotNull(cursor, "nextCursor is always given");
            if (!page.getBoolean("hasMore")) {
                return this;
            }
        }
        return fail("the feed never ended");
    }

    private void apply(List<Map<String, Object>> records, String type, Map<String, Map<String, Object>> local,
            Set<Object> seen) {
        for (Map<String, Object> record : records) {
            assertEquals(true, seen.add(type + ":" + record.get("id")), "a record appears once per page");
            local.put((String) record.get("id"), record);
            removed.remove(type + ":" + record.get("id"));
        }
    }

    /**
     * Pulls until the condition holds. The feed delivers a transaction only once every transaction
     * with an older id has ended, in the whole PostgreSQL cluster (transaction ids are cluster-wide):
     * a long transaction of another program on the same server, such as a bench data load, holds the
     * feed back until it ends, so the wait may be long on a shared machine.
     */
    FeedClient until(Predicate<FeedClient> condition) {
        long deadline = System.currentTimeMillis() + 600_000;
        pull();
        while (!condition.test(this)) {
            if (System.currentTimeMillis() > deadline) {
                fail("the feed did not deliver the expected state; customers " + customers.keySet() + ", contacts "
                        + contacts.keySet() + ", removed " + removed);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pull();
        }
        return this;
    }

    boolean hasCustomer(String id) {
        return customers.containsKey(id);
    }

    boolean hasContact(String id) {
        return contacts.containsKey(id);
    }

    boolean hasRemoved(String type, String id) {
        return removed.contains(type + ":" + id);
    }

    boolean mentions(String id) {
        return bodies.stream().anyMatch(b -> b.contains(id));
    }
}
