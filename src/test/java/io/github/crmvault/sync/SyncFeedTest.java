package io.github.crmvault.sync;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SyncFeedTest {
    @Inject
    DataSource dataSource;

    private static String contact(String auth, String customerId, String name) {
        return Api.as(auth).body(Map.of("name", name)).post("/api/v1/customers/" + customerId + "/contacts")
                .then().statusCode(201).extract().path("id");
    }

    private static void rename(String auth, String customerId, String name) {
        String etag = Api.as(auth).get("/api/v1/customers/" + customerId).then().statusCode(200).extract().header("ETag");
        Api.as(auth).header("If-Match", etag).body(Customers.body(name)).put("/api/v1/customers/" + customerId)
                .then().statusCode(200);
    }

    @Test
    void initialSyncDeliversEverythingVisibleThenOnlyWhatChanged() {
        Org.Person rep = Org.rep();
        String first = Customers.create(rep.auth(), Org.unique("Feed One"));
        String second = Customers.create(rep.auth(), Org.unique("Feed Two"));
        String person = contact(rep.auth(), first, "李雷");

        FeedClient app = new FeedClient(rep.auth()).until(f -> f.hasCustomer(first) && f.hasCustomer(second)
                && f.hasContact(person));
        assertEquals(first, app.contacts.get(person).get("customerId"));
        assertEquals(0, app.customers.get(first).get("version"));

        String renamed = Org.unique("Feed One renamed");
        rename(rep.auth(), first, renamed);
        FeedClient incremental = new FeedClient(rep.auth(), app.cursor)
                .until(f -> f.hasCustomer(first) && renamed.equals(f.customers.get(first).get("name")));
        assertEquals(1, incremental.customers.get(first).get("version"), "the current representation");
        assertFalse(incremental.hasCustomer(second), "an unchanged customer is not sent again");
        assertFalse(incremental.hasContact(person), "an unchanged contact is not sent again");
    }

    @Test
    void smallPagesChainWithHasMoreAndCompactEachRecord() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Paged"));
        FeedClient start = new FeedClient(rep.auth()).until(f -> f.hasCustomer(id));
        for (int i = 0; i < 3; i++) {
            rename(rep.auth(), id, Org.unique("Paged " + i));
        }
        String other = Customers.create(rep.auth(), Org.unique("Paged other"));
        // One page over all four changes: the customer once, in its latest state.
        FeedClient whole = new FeedClient(rep.auth(), start.cursor).until(f -> f.hasCustomer(other));
        assertEquals(3, whole.customers.get(id).get("version"));
        // Page by page: limit 1 gives one change per page, and hasMore until the end.
        JsonPath page = Api.as(rep.auth()).queryParam("cursor", start.cursor).queryParam("limit", 1)
                .get(FeedClient.PATH).then().statusCode(200).extract().jsonPath();
        assertTrue(page.getBoolean("hasMore"));
        assertEquals(1, page.getList("customers").size() + page.getList("contacts").size() + page.getList("removed").size());
    }

    @Test
    void aRepNeverSeesAnotherRepsCustomersNorTheirIds() {
        Org.Person owner = Org.rep();
        Org.Person stranger = Org.rep();
        String hidden = Customers.create(owner.auth(), Org.unique("Hidden Co"));
        String hiddenContact = contact(owner.auth(), hidden, "韩梅梅");
        rename(owner.auth(), hidden, Org.unique("Hidden Co renamed"));
        Api.as(owner.auth()).post("/api/v1/customers/" + hidden + "/archive").then().statusCode(200);
        String mine = Customers.create(stranger.auth(), Org.unique("Mine"));

        // Once the stranger's own, later customer is delivered, the hidden changes are behind the cursor too.
        FeedClient feed = new FeedClient(stranger.auth()).until(f -> f.hasCustomer(mine));
        assertFalse(feed.mentions(hidden), "not even the id of an invisible customer");
        assertFalse(feed.mentions(hiddenContact), "not even the id of an invisible contact");
        assertFalse(feed.customers.values().stream().anyMatch(c -> owner.id().equals(c.get("ownerId"))));
    }

    @Test
    void archivingRemovesTheCustomerAndItsContactsAndRestoringBringsThemBack() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Archived Co"));
        String person = contact(rep.auth(), id, "王芳");
        String other = contact(rep.auth(), id, "张伟");
        FeedClient app = new FeedClient(rep.auth()).until(f -> f.hasContact(other));

        Api.as(rep.auth()).post("/api/v1/customers/" + id + "/contacts/" + other + "/archive").then().statusCode(200);
        app.until(f -> f.hasRemoved("CONTACT", other));
        assertTrue(app.hasCustomer(id) && app.hasContact(person));

        Api.as(rep.auth()).post("/api/v1/customers/" + id + "/archive").then().statusCode(200);
        app.until(f -> f.hasRemoved("CUSTOMER", id));
        assertTrue(app.hasRemoved("CONTACT", person), "the archived customer's contacts leave with it");
        assertFalse(app.hasCustomer(id) || app.hasContact(person));

        Api.as(rep.auth()).post("/api/v1/customers/" + id + "/restore").then().statusCode(200);
        app.until(f -> f.hasCustomer(id) && f.hasContact(person));
        assertFalse(app.hasContact(other), "a contact archived on its own stays away");
    }

    @Test
    void aCustomerMovedToAnotherOwnerIsRemovedForTheFormerOwnerOnly() {
        Org.Person former = Org.rep();
        Org.Person next = Org.rep();
        Org.Person bystander = Org.rep();
        String id = Customers.create(former.auth(), Org.unique("Moving Co"));
        String person = contact(former.auth(), id, "赵敏");
        FeedClient formerApp = new FeedClient(former.auth()).until(f -> f.hasContact(person));
        FeedClient nextApp = new FeedClient(next.auth()).pull();
        FeedClient bystanderApp = new FeedClient(bystander.auth()).pull();

        Api.as(Org.ADMIN).body(Map.of("toUserId", next.id(), "reason", "区域调整"))
                .post("/api/v1/customers/" + id + "/transfer").then().statusCode(200);

        formerApp.until(f -> f.hasRemoved("CUSTOMER", id) && f.hasRemoved("CONTACT", person));
        nextApp.until(f -> f.hasCustomer(id) && f.hasContact(person));
        assertEquals(next.id(), nextApp.customers.get(id).get("ownerId"));
        String later = Customers.create(bystander.auth(), Org.unique("Bystander"));
        bystanderApp.until(f -> f.hasCustomer(later));
        assertFalse(bystanderApp.mentions(id), "a rep who never could see it hears nothing about it");
        assertFalse(bystanderApp.mentions(person));
    }

    /**
     * Transaction A starts and writes before a cursor is issued and commits after: its change must
     * still be delivered with that cursor. (A later transaction B, committed while A runs, is held
     * back until A ends.)
     */
    @Test
    void aTransactionThatCommitsAfterTheCursorWasIssuedIsNotMissed() throws Exception {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Slow Tx Co"));
        FeedClient app = new FeedClient(rep.auth()).until(f -> f.hasCustomer(id));
        String slowName = Org.unique("Written by a slow transaction");

        String later;
        try (Connection a = dataSource.getConnection()) {
            a.setAutoCommit(false);
            try (PreparedStatement update = a.prepareStatement(
                    "UPDATE customer SET name = ?, version = version + 1 WHERE id = ?");
                    PreparedStatement change = a.prepareStatement(
                            "INSERT INTO sync_change (entity_type, entity_id, customer_id) VALUES ('CUSTOMER', ?, ?)")) {
                update.setString(1, slowName);
                update.setObject(2, UUID.fromString(id));
                assertEquals(1, update.executeUpdate());
                change.setObject(1, UUID.fromString(id));
                change.setObject(2, UUID.fromString(id));
                change.executeUpdate();
            }
            // B: a change on another connection that commits while A is still open.
            later = Customers.create(rep.auth(), Org.unique("Committed meanwhile"));

            app.pull();
            String issuedWhileAOpen = app.cursor;
            assertFalse(app.hasCustomer(later), "B is held back while the older A is running");
            assertFalse(slowName.equals(app.customers.get(id).get("name")));

            a.commit();

            FeedClient after = new FeedClient(rep.auth(), issuedWhileAOpen)
                    .until(f -> f.hasCustomer(id) && f.hasCustomer(later));
            assertEquals(slowName, after.customers.get(id).get("name"), "A's change is delivered after its commit");
        }
    }

    @Test
    void rowsOfRecordTypesTheFeedDoesNotServeArePassedOver() throws Exception {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("Future Types"));
        UUID future = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO sync_change (entity_type, entity_id, customer_id) VALUES ('VISIT', ?, ?)")) {
            insert.setObject(1, future);
            insert.setObject(2, UUID.fromString(id));
            insert.executeUpdate();
        }
        String later = Customers.create(rep.auth(), Org.unique("After Future"));
        FeedClient feed = new FeedClient(rep.auth()).until(f -> f.hasCustomer(later));
        assertFalse(feed.mentions(future.toString()));
        assertTrue(feed.hasCustomer(id));
    }

    @Test
    void integratorsAndAdminsGetTheFeedOverEverything() {
        Org.Person one = Org.rep();
        Org.Person two = Org.rep();
        String a = Customers.create(one.auth(), Org.unique("Everything A"));
        String b = Customers.create(two.auth(), Org.unique("Everything B"));
        String pooled = Customers.create(Org.ADMIN, Org.unique("Everything Pool"));
        Org.Person integrator = OrgAdmin.person(null, "integration");
        new FeedClient(integrator.auth()).until(f -> f.hasCustomer(a) && f.hasCustomer(b) && f.hasCustomer(pooled));
        new FeedClient(Org.ADMIN).until(f -> f.hasCustomer(a) && f.hasCustomer(b) && f.hasCustomer(pooled));
        // A rep sees the pool, not the other rep.
        FeedClient repFeed = new FeedClient(one.auth()).until(f -> f.hasCustomer(pooled) && f.hasCustomer(a));
        assertFalse(repFeed.mentions(b));
    }

    @Test
    void aCursorWorksOnlyForTheLoginItWasIssuedTo() {
        Org.Person one = Org.rep();
        Org.Person two = Org.rep();
        String cursor = new FeedClient(one.auth()).pull().cursor;
        Problems.invalidField(Api.as(two.auth()).queryParam("cursor", cursor).get(FeedClient.PATH), "cursor")
                .body("detail", containsString("another login"));
        // The same login with another token (other roles) may use it.
        Api.as(Tokens.bearer(one.login(), "sales")).queryParam("cursor", cursor).get(FeedClient.PATH).then().statusCode(200);
    }

    @Test
    void malformedCursorsAndLimitsAreRefused() {
        Org.Person rep = Org.rep();
        String foreign = Base64.getUrlEncoder().withoutPadding().encodeToString("k1:1:2".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("not-a-cursor", "%%%", foreign,
                Base64.getUrlEncoder().encodeToString("f1:x:1:abc".getBytes(StandardCharsets.UTF_8)))) {
            Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", bad).get(FeedClient.PATH), "cursor");
        }
        for (String bad : List.of("0", "1001", "ten", "-5")) {
            Problems.invalidField(Api.as(rep.auth()).queryParam("limit", bad).get(FeedClient.PATH), "limit");
        }
        Api.as(rep.auth()).queryParam("limit", 1000).get(FeedClient.PATH).then().statusCode(200)
                .body("nextCursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theFeedNeedsAKnownCaller() {
        Problems.unauthenticated(Api.anonymous().get(FeedClient.PATH));
        Problems.forbidden(Api.as(Tokens.bearer(Org.unique("nobody"), "guest")).get(FeedClient.PATH));
        Problems.expect(Api.as(Tokens.bearer(Org.unique("ghost"), "sales")).get(FeedClient.PATH), 403, "unknown-user");
        Api.as(Org.rep().auth()).get(FeedClient.PATH).then().statusCode(200).body("hasMore", org.hamcrest.Matchers.isA(Boolean.class))
                .body("removed", org.hamcrest.Matchers.isA(List.class)).body("customers", org.hamcrest.Matchers.isA(List.class))
                .body("contacts.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(0)).body("nextCursor", org.hamcrest.Matchers.not(equalTo("")));
    }
}
