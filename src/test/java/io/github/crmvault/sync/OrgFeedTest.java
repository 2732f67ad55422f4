package io.github.crmvault.sync;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The change feed when the organisation changes: a client that follows it converges to what GET
 * shows after every change of team, manager or place in the tree, and never hears of a record it
 * could not have seen. A change of the caller's own roles asks for a fresh sync instead.
 */
@QuarkusTest
class OrgFeedTest {

    /** A rep's customer with one record of each kind the feed carries (the review is the manager's). */
    private record Book(String customer, String contact, String visit, String review, String deal) {
        List<String> keys() {
            return List.of("CUSTOMER:" + customer, "CONTACT:" + contact, "VISIT:" + visit, "REVIEW:" + review,
                    "DEAL:" + deal);
        }
    }

    private static Org.Person manager() {
        return OrgAdmin.person(null, "manager");
    }

    private static Book book(Org.Person rep, Org.Person reviewer) {
        String customer = Customers.create(rep.auth(), Customers.nameWith("Org Feed"));
        String contact = OwnerMoves.contact(rep.auth(), customer);
        String visit = OwnerMoves.visit(rep.auth(), customer);
        String review = Api.as(reviewer.auth()).body(Map.of("verdict", "GOOD", "comment", "记录清楚"))
                .post("/api/v1/visits/" + visit + "/reviews").then().statusCode(201).extract().path("id");
        String deal = Api.as(rep.auth()).body(Map.of("amount", "5000", "currency", "CNY",
                        "signedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(), "product", "年度订阅"))
                .post("/api/v1/customers/" + customer + "/deals").then().statusCode(201).extract().path("id");
        return new Book(customer, contact, visit, review, deal);
    }

    private static boolean holds(FeedClient app, Book book) {
        return app.customers.containsKey(book.customer()) && app.contacts.containsKey(book.contact())
                && app.visits.containsKey(book.visit()) && app.reviews.containsKey(book.review())
                && app.deals.containsKey(book.deal());
    }

    private static boolean dropped(FeedClient app, Book book) {
        return book.keys().stream().allMatch(app.removed::contains) && !app.customers.containsKey(book.customer())
                && !app.contacts.containsKey(book.contact()) && !app.visits.containsKey(book.visit())
                && !app.reviews.containsKey(book.review()) && !app.deals.containsKey(book.deal());
    }

    /** The local copy agrees with GET: same version of the customer and the contact. */
    private static void agreesWithGet(FeedClient app, String auth, Book book) {
        assertEquals(OwnerMoves.get(auth, book.customer()).getInt("version"), app.customers.get(book.customer()).get("version"));
        int contactVersion = Api.as(auth).get("/api/v1/customers/" + book.customer() + "/contacts/" + book.contact())
                .then().statusCode(200).extract().path("version");
        assertEquals(contactVersion, app.contacts.get(book.contact()).get("version"));
    }

    private static void moveUser(String userId, String teamId) {
        String path = "/api/v1/users/" + userId;
        var current = Api.as(Org.ADMIN).get(path).then().statusCode(200).extract();
        Map<String, Object> body = new HashMap<>();
        body.put("displayName", current.path("displayName"));
        body.put("teamId", teamId);
        body.put("active", true);
        Api.as(Org.ADMIN).header("If-Match", current.header("ETag")).body(body).put(path).then().statusCode(200);
    }

    private static void putTeam(String teamId, String parentId, String managerId) {
        String path = "/api/v1/teams/" + teamId;
        var current = Api.as(Org.ADMIN).get(path).then().statusCode(200).extract();
        Map<String, Object> body = new HashMap<>();
        body.put("name", current.path("name"));
        body.put("parentId", parentId);
        body.put("managerId", managerId);
        Api.as(Org.ADMIN).header("If-Match", current.header("ETag")).body(body).put(path).then().statusCode(200);
    }

    /** A customer the caller sees, written now: once the feed delivers it, everything before is behind the cursor. */
    private static String marker(FeedClient app, Org.Person owner) {
        String marker = Customers.create(owner.auth(), Customers.nameWith("Org Feed Marker"));
        app.until(f -> f.hasCustomer(marker));
        return marker;
    }

    @Test
    void aRepMovedOutOfTheSubtreeIsRemovedFromTheManagersFeedAndComesBackWhenMovedIn() {
        Org.Person manager = manager();
        String region = Org.team(Org.unique("region"), null, manager.id());
        String squad = Org.team(Org.unique("squad"), region, null);
        String elsewhere = Org.team(Org.unique("elsewhere"), null, null);
        Org.Person rep = OrgAdmin.person(squad, "sales");
        Org.Person stay = OrgAdmin.person(squad, "sales");
        Book book = book(rep, manager);
        FeedClient app = new FeedClient(manager.auth()).until(f -> holds(f, book));
        agreesWithGet(app, manager.auth(), book);

        moveUser(rep.id(), elsewhere);
        Problems.notFound(Api.as(manager.auth()).get("/api/v1/customers/" + book.customer()));
        app.until(f -> dropped(f, book));

        // While the rep is out of view, what they write never reaches the manager, not even its id.
        String unseen = OwnerMoves.contact(rep.auth(), book.customer());
        marker(app, stay);
        assertFalse(app.mentions(unseen));

        moveUser(rep.id(), squad);
        app.until(f -> holds(f, book) && f.hasContact(unseen));
        agreesWithGet(app, manager.auth(), book);
    }

    @Test
    void aNewManagerOfTheTeamGetsItsRecordsAndTheFormerManagerLosesThem() {
        Org.Person former = manager();
        Org.Person next = manager();
        String squad = Org.team(Org.unique("squad"), null, former.id());
        Org.Person rep = OrgAdmin.person(squad, "sales");
        Book book = book(rep, former);
        FeedClient formerApp = new FeedClient(former.auth()).until(f -> holds(f, book));
        FeedClient nextApp = new FeedClient(next.auth()).pull();
        assertFalse(nextApp.mentions(book.customer()));

        putTeam(squad, null, next.id());
        formerApp.until(f -> dropped(f, book));
        nextApp.until(f -> holds(f, book));
        agreesWithGet(nextApp, next.auth(), book);
    }

    @Test
    void aTeamMovedInTheTreeTakesItsRepsRecordsFromOneRegionsManagerToTheOthers() {
        Org.Person managerA = manager();
        Org.Person managerB = manager();
        String regionA = Org.team(Org.unique("region A"), null, managerA.id());
        String regionB = Org.team(Org.unique("region B"), null, managerB.id());
        String squad = Org.team(Org.unique("squad"), regionA, null);
        String deeper = Org.team(Org.unique("deeper"), squad, null);
        Org.Person rep = OrgAdmin.person(deeper, "sales");
        Book book = book(rep, managerA);
        FeedClient appA = new FeedClient(managerA.auth()).until(f -> holds(f, book));
        FeedClient appB = new FeedClient(managerB.auth()).pull();

        putTeam(squad, regionB, null);
        Problems.notFound(Api.as(managerA.auth()).get("/api/v1/customers/" + book.customer()));
        appA.until(f -> dropped(f, book));
        appB.until(f -> holds(f, book));
        agreesWithGet(appB, managerB.auth(), book);
    }

    @Test
    void afterATransferTheFormerOwnerAndTheirManagerHearOnlyOfRecordsTheySaw() {
        Org.Person manager = manager();
        String squad = Org.team(Org.unique("squad"), null, manager.id());
        Org.Person former = OrgAdmin.person(squad, "sales");
        Org.Person next = Org.rep();
        Book book = book(former, manager);
        FeedClient formerApp = new FeedClient(former.auth()).until(f -> holds(f, book));
        FeedClient managerApp = new FeedClient(manager.auth()).until(f -> holds(f, book));

        Api.as(Org.ADMIN).body(Map.of("toUserId", next.id(), "reason", "区域调整"))
                .post("/api/v1/customers/" + book.customer() + "/transfer").then().statusCode(200);
        String laterContact = OwnerMoves.contact(next.auth(), book.customer());
        String laterVisit = OwnerMoves.visit(next.auth(), book.customer());

        formerApp.until(f -> dropped(f, book));
        managerApp.until(f -> dropped(f, book));
        // Both feeds are past the new owner's records once a later record of their own arrives.
        marker(formerApp, former);
        marker(managerApp, former);
        for (FeedClient app : List.of(formerApp, managerApp)) {
            assertFalse(app.mentions(laterContact), "a contact created after the transfer is not named");
            assertFalse(app.mentions(laterVisit), "a visit created after the transfer is not named");
        }
    }

    @Test
    void aCursorIssuedUnderOtherRolesAsksForAFreshSync() {
        Org.Person rep = Org.rep();
        String mine = Customers.create(rep.auth(), Customers.nameWith("Org Feed Roles"));
        String repCursor = new FeedClient(rep.auth()).until(f -> f.hasCustomer(mine)).cursor;
        String promoted = Tokens.bearer(rep.login(), "sales", "manager");

        for (String token : List.of(promoted, Tokens.bearer(rep.login(), "integration"))) {
            Problems.expect(Api.as(token).queryParam("cursor", repCursor).get(FeedClient.PATH), 400,
                    "feed-resync-required").body("errors.field", org.hamcrest.Matchers.hasItem("cursor"))
                    .body("detail", containsString("start again without a cursor"));
        }
        // Without a cursor the new view syncs from scratch, and its cursor is refused to the old roles in turn.
        String managerCursor = new FeedClient(promoted).until(f -> f.hasCustomer(mine)).cursor;
        Problems.expect(Api.as(rep.auth()).queryParam("cursor", managerCursor).get(FeedClient.PATH), 400,
                "feed-resync-required");
        Api.as(rep.auth()).queryParam("cursor", repCursor).get(FeedClient.PATH).then().statusCode(200);

        // An export's Feed-Cursor is bound to the roles it was taken under too (exporting is for
        // integration and admin by default).
        String integration = Tokens.bearer(rep.login(), "integration");
        Response export = Api.as(integration).accept("application/x-ndjson").queryParam("updatedSince",
                Instant.now().minusSeconds(600).toString()).get("/api/v1/export/customers");
        String exportCursor = export.then().statusCode(200).extract().header("Feed-Cursor");
        assertNotNull(exportCursor);
        Problems.expect(Api.as(rep.auth()).queryParam("cursor", exportCursor).get(FeedClient.PATH), 400,
                "feed-resync-required");
        new FeedClient(integration, exportCursor).pull();
    }
}
