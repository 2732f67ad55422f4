package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.CUSTOMERS;
import static io.github.crmvault.customer.CustomerTestSupport.allIds;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static io.github.crmvault.customer.CustomerTestSupport.customer;
import static io.github.crmvault.customer.CustomerTestSupport.invalidField;
import static io.github.crmvault.customer.CustomerTestSupport.put;
import static io.github.crmvault.customer.CustomerTestSupport.uniquePhone;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class CustomerListTest {

    private static List<String> createSeveral(Org.Person rep, int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(create(rep.auth(), Customers.body(Customers.nameWith(prefix + "-" + i))));
        }
        return ids;
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void keysetPagesWalkEveryCustomerOnceNewestFirst() {
        Org.Person rep = Org.rep();
        List<String> created = createSeveral(rep, 7, Org.unique("翻页"));

        List<Integer> pageSizes = new ArrayList<>();
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(CUSTOMERS).then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id", String.class);
            pageSizes.add(ids.size());
            walked.addAll(ids);
            cursor = page.getString("nextCursor");
        } while (cursor != null && pageSizes.size() < 20);
        assertEquals(reversed(created), walked, "every customer once, newest first");
        assertEquals(List.of(2, 2, 2, 1), pageSizes);

        // any page size walks the same sequence
        assertEquals(reversed(created), allIds(rep.auth(), Map.of("ownerId", "me"), 1));
        assertEquals(reversed(created), allIds(rep.auth(), Map.of("ownerId", "me"), 3));
        assertEquals(reversed(created), allIds(rep.auth(), Map.of("ownerId", "me", "status", "LEAD"), 2));
    }

    @Test
    void aLastPageThatIsExactlyFullHasNoNextCursor() {
        Org.Person rep = Org.rep();
        List<String> created = createSeveral(rep, 4, Org.unique("整页"));
        JsonPath first = Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("limit", 2).get(CUSTOMERS).then()
                .statusCode(200).extract().jsonPath();
        JsonPath second = Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).get(CUSTOMERS).then().statusCode(200)
                .body("$", not(hasKey("nextCursor"))).extract().jsonPath();
        List<String> walked = new ArrayList<>(first.getList("items.id", String.class));
        walked.addAll(second.getList("items.id", String.class));
        assertEquals(reversed(created), walked);
        Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("limit", 4).get(CUSTOMERS).then().statusCode(200)
                .body("items.id", contains(reversed(created).toArray())).body("$", not(hasKey("nextCursor")));
    }

    /** Without an owner filter a rep sees their own customers merged with the pool, in one order. */
    @Test
    void theMergedViewOfOwnAndPoolCustomersIsOneConsistentOrder() {
        Org.Person rep = Org.rep();
        String prefix = Org.unique("合并");
        List<String> mine = new ArrayList<>();
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mine.add(create(rep.auth(), Customers.body(Customers.nameWith(prefix + "-mine-" + i))));
            pool.add(create(Org.ADMIN, Customers.body(Customers.nameWith(prefix + "-pool-" + i))));
        }
        Set<String> wanted = new HashSet<>(mine);
        wanted.addAll(pool);

        List<Map<String, Object>> walked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = Api.as(rep.auth()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(CUSTOMERS).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                assertTrue(seen.add((String) item.get("id")), "no duplicates: " + item.get("id"));
                Object owner = item.get("ownerId");
                assertTrue(owner == null || rep.id().equals(owner), "only own and pool customers: " + item);
            }
            walked.addAll(items);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && !seen.containsAll(wanted) && pages < 10_000);

        assertTrue(seen.containsAll(wanted), "no gaps");
        for (int i = 1; i < walked.size(); i++) {
            assertTrue(comesBefore(walked.get(i - 1), walked.get(i)), "newest first: " + walked.get(i - 1) + " then "
                    + walked.get(i));
        }
        List<String> interleaved = new ArrayList<>();
        for (int i = 3; i >= 0; i--) {
            interleaved.add(pool.get(i));
            interleaved.add(mine.get(i));
        }
        assertEquals(interleaved, walked.stream().map(m -> (String) m.get("id")).filter(wanted::contains).toList());
    }

    /** (createdAt, id) strictly descending, as PostgreSQL orders timestamps and uuids. */
    private static boolean comesBefore(Map<String, Object> a, Map<String, Object> b) {
        int at = Instant.parse((String) a.get("createdAt")).compareTo(Instant.parse((String) b.get("createdAt")));
        return at > 0 || at == 0 && ((String) a.get("id")).compareTo((String) b.get("id")) > 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "1000000"})
    void limitOutOfRangeIs400(String limit) {
        Org.Person rep = Org.rep();
        invalidField(Api.as(rep.auth()).queryParam("limit", limit).get(CUSTOMERS).then(), "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "200"})
    void limitBoundsAreAccepted(String limit) {
        Org.Person rep = Org.rep();
        create(rep.auth(), Customers.body(Org.unique("边界")));
        create(rep.auth(), Customers.body(Org.unique("边界")));
        int size = Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("limit", limit).get(CUSTOMERS).then()
                .statusCode(200).extract().jsonPath().getList("items").size();
        assertEquals(Math.min(2, Integer.parseInt(limit)), size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a2sxOjEyMw", "czE6NDI"})
    void aCursorThisApiDidNotIssueIs400(String cursor) {
        Org.Person rep = Org.rep();
        invalidField(Api.as(rep.auth()).queryParam("cursor", cursor).get(CUSTOMERS).then(), "cursor");
    }

    @Test
    void aCursorOfAnotherListStillStartsAfterItsPosition() {
        // a well-formed cursor is only a position: from far in the future, everything comes after it
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), Customers.body(Org.unique("游标")));
        String future = new Cursor(Instant.parse("9999-01-01T00:00:00Z"), UUID.randomUUID()).encode();
        Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("cursor", future).get(CUSTOMERS).then()
                .statusCode(200).body("items.id", contains(id));
        String past = new Cursor(Instant.parse("2000-01-01T00:00:00Z"), UUID.randomUUID()).encode();
        Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("cursor", past).get(CUSTOMERS).then()
                .statusCode(200).body("items", empty());
    }

    @Test
    void listAndGetAnswerTheRecordCreateAnswered() {
        // Create maps the entity; get-one and the list read rows straight into the response: every field
        // (filled and absent, an owned and a pool customer) must come out the same.
        Org.Person rep = Org.rep();
        String u = Org.unique("同形");
        List<Map<String, Object>> created = new ArrayList<>();
        created.add(Api.as(rep.auth()).body(CustomerTestSupport.fullBody(Customers.nameWith(u + "-full"))).post(CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getMap("$"));
        created.add(Api.as(rep.auth()).body(Customers.body(Customers.nameWith(u + "-bare"))).post(CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getMap("$"));
        created.add(Api.as(Org.ADMIN).body(Customers.body(Customers.nameWith(u + "-pool"))).post(CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getMap("$"));
        List<Map<String, Object>> listed = Api.as(rep.auth()).queryParam("q", u).queryParam("limit", 10).get(CUSTOMERS)
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(reversedMaps(created), listed);
        for (Map<String, Object> customer : created) {
            var read = Api.as(rep.auth()).get(customer(customer.get("id").toString())).then().statusCode(200)
                    .header("ETag", "\"0\"").extract();
            assertEquals(customer, read.jsonPath().getMap("$"));
        }
    }

    private static List<Map<String, Object>> reversedMaps(List<Map<String, Object>> maps) {
        List<Map<String, Object>> copy = new ArrayList<>(maps);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void filtersNarrowTheList() {
        Org.Person rep = Org.rep();
        String u = Org.unique("f");
        String city = "城" + u;
        String industry = "行业" + u;
        String tag = "标签" + u;

        var c1Body = Customers.body(Customers.nameWith(u + "-1"));
        c1Body.put("status", "PROSPECT");
        c1Body.put("city", city);
        c1Body.put("industry", industry);
        c1Body.put("tags", List.of("vip", tag));
        String c1 = create(rep.auth(), c1Body);

        var c2Body = Customers.body(Customers.nameWith(u + "-2"));
        c2Body.put("status", "LEAD");
        c2Body.put("city", city);
        c2Body.put("tags", List.of("vip"));
        var c2Created = Api.as(rep.auth()).body(c2Body).post(CUSTOMERS).then().statusCode(201).extract();
        String c2 = c2Created.path("id");
        String c2UpdatedAt = c2Created.path("updatedAt");

        var c3Body = Customers.body(Customers.nameWith(u + "-3"));
        c3Body.put("status", "PROSPECT");
        c3Body.put("city", city);
        c3Body.put("industry", industry);
        c3Body.put("tags", List.of(tag));
        String c3 = create(rep.auth(), c3Body);
        Api.as(rep.auth()).post(customer(c3) + "/archive").then().statusCode(200);

        // touch c1 after everything else: it is the only one updated since then
        c1Body.put("notes", "visited");
        String c1UpdatedAt = put(rep.auth(), c1, "\"0\"", c1Body).statusCode(200).extract().path("updatedAt");

        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("ownerId", "me", "status", "PROSPECT"), 50));
        assertEquals(List.of(c3, c1),
                allIds(rep.auth(), Map.of("ownerId", "me", "status", "PROSPECT", "includeArchived", "true"), 50));
        assertEquals(List.of(c2), allIds(rep.auth(), Map.of("ownerId", "me", "status", "LEAD"), 50));
        assertEquals(List.of(), allIds(rep.auth(), Map.of("ownerId", "me", "status", "SIGNED"), 50));

        assertEquals(List.of(c2, c1), allIds(rep.auth(), Map.of("city", city), 50));
        assertEquals(List.of(c3, c2, c1), allIds(rep.auth(), Map.of("city", city, "includeArchived", "true"), 50));
        assertEquals(List.of(), allIds(rep.auth(), Map.of("city", city.substring(0, city.length() - 1)), 50));
        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("industry", industry), 50));
        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("tag", tag), 50));
        assertEquals(List.of(c3, c1), allIds(rep.auth(), Map.of("tag", tag, "includeArchived", "true"), 50));
        assertEquals(List.of(c2, c1), allIds(rep.auth(), Map.of("tag", "vip", "ownerId", "me"), 50));
        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("tag", "vip", "city", city, "status", "PROSPECT"), 50));

        // updatedSince is inclusive: "at or after"
        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("ownerId", "me", "updatedSince", c1UpdatedAt), 50));
        assertEquals(List.of(c2, c1), allIds(rep.auth(), Map.of("ownerId", "me", "updatedSince", c2UpdatedAt), 50));
        assertEquals(List.of(c3, c2, c1), allIds(rep.auth(),
                Map.of("ownerId", "me", "updatedSince", c2UpdatedAt, "includeArchived", "true"), 50));
        String afterC1 = Instant.parse(c1UpdatedAt).plusNanos(1000).toString();
        assertEquals(List.of(), allIds(rep.auth(), Map.of("ownerId", "me", "updatedSince", afterC1), 50));
        // the same instant with an offset
        String c1InShanghai = Instant.parse(c1UpdatedAt).atOffset(java.time.ZoneOffset.ofHours(8)).toString();
        assertEquals(List.of(c1), allIds(rep.auth(), Map.of("ownerId", "me", "updatedSince", c1InShanghai), 50));
    }

    @Test
    void ownerFilterMePoolAndAUserId() {
        Org.Person rep = Org.rep();
        Org.Person other = Org.rep();
        String u = Org.unique("owner");
        String mine = create(rep.auth(), Customers.body(Customers.nameWith(u + "-mine")));
        String theirs = create(other.auth(), Customers.body(Customers.nameWith(u + "-theirs")));
        String pooled = create(Org.ADMIN, Customers.body(Customers.nameWith(u + "-pool")));

        assertEquals(List.of(mine), allIds(rep.auth(), Map.of("ownerId", "me"), 50));
        assertEquals(List.of(mine), allIds(rep.auth(), Map.of("ownerId", rep.id()), 50));
        assertEquals(List.of(pooled), allIds(rep.auth(), Map.of("ownerId", "pool", "q", u), 50));
        assertEquals(List.of(pooled, mine), allIds(rep.auth(), Map.of("q", u), 50));
        // another rep's id shows nothing of theirs
        assertEquals(List.of(), allIds(rep.auth(), Map.of("ownerId", other.id()), 50));
        // an admin sees everyone's
        assertEquals(List.of(theirs), allIds(Org.ADMIN, Map.of("ownerId", other.id()), 50));
        assertEquals(List.of(pooled, theirs, mine), allIds(Org.ADMIN, Map.of("q", u), 50));
        assertEquals(List.of(pooled), allIds(Org.ADMIN, Map.of("q", u, "ownerId", "pool"), 50));

        invalidField(Api.as(rep.auth()).queryParam("ownerId", "nobody").get(CUSTOMERS).then(), "ownerId");
        // an admin without a user record has no "me"
        String admin = Tokens.bearer(Org.unique("admin"), "admin");
        invalidField(Api.as(admin).queryParam("ownerId", "me").get(CUSTOMERS).then(), "ownerId");
    }

    @Test
    void qMatchesAChineseSubstringOfTheName() {
        Org.Person rep = Org.rep();
        Org.Person other = Org.rep();
        String name = "浙江省杭州市阿里巴巴网络技术有限公司" + Org.unique("");
        String mine = create(rep.auth(), Customers.body(name));
        String decoy = create(rep.auth(), Customers.body("浙江省杭州市阿里云计算有限公司" + Org.unique("")));
        // another rep's branch of it (the same name again would be refused as a duplicate customer)
        String theirs = Api.as(other.auth()).queryParam("acknowledgeSimilar", true).body(Customers.body(name + "二部"))
                .post(CUSTOMERS).then().statusCode(201).extract().path("id");

        JsonPath found = Api.as(rep.auth()).queryParam("q", "巴巴网络").queryParam("limit", 200).get(CUSTOMERS)
                .then().statusCode(200).extract().jsonPath();
        List<String> ids = found.getList("items.id", String.class);
        assertTrue(ids.contains(mine), ids.toString());
        assertFalse(ids.contains(decoy), "does not match names without the substring");
        assertFalse(ids.contains(theirs), "does not return other reps' customers");
        for (Map<String, Object> item : found.<Map<String, Object>>getList("items")) {
            assertTrue(((String) item.get("name")).contains("巴巴网络"), item.toString());
            assertTrue(item.get("ownerId") == null || rep.id().equals(item.get("ownerId")), item.toString());
        }
        assertEquals(List.of(mine), allIds(rep.auth(), Map.of("q", "巴巴网络", "ownerId", "me"), 50));
        assertEquals(List.of(decoy, mine), allIds(rep.auth(), Map.of("q", "浙江省杭州市阿里", "ownerId", "me"), 50));
        assertTrue(allIds(Org.ADMIN, Map.of("q", name), 200).containsAll(List.of(mine, theirs)));
    }

    @Test
    void qIsCaseInsensitiveAndTreatsWildcardsLiterally() {
        Org.Person rep = Org.rep();
        String u = Org.unique("wild").toLowerCase();
        String upper = create(rep.auth(), Customers.body(Customers.nameWith("ACME " + u.toUpperCase() + " Trading")));
        String underscore = create(rep.auth(), Customers.body(Customers.nameWith("Beta " + u + " a_c")));
        String plain = create(rep.auth(), Customers.body(Customers.nameWith("Beta " + u + " abc")));
        String percent = create(rep.auth(), Customers.body(Customers.nameWith("Gamma " + u + " 100% 科技")));

        assertEquals(List.of(upper), allIds(rep.auth(), Map.of("q", "acme " + u, "ownerId", "me"), 50));
        assertEquals(List.of(upper), allIds(rep.auth(), Map.of("q", "Acme " + u.toUpperCase(), "ownerId", "me"), 50));
        assertEquals(List.of(underscore), allIds(rep.auth(), Map.of("q", u + " a_c", "ownerId", "me"), 50));
        assertEquals(List.of(plain), allIds(rep.auth(), Map.of("q", u + " abc", "ownerId", "me"), 50));
        assertEquals(List.of(percent), allIds(rep.auth(), Map.of("q", "%", "ownerId", "me"), 50));
        assertEquals(List.of(percent), allIds(rep.auth(), Map.of("q", "100%", "ownerId", "me"), 50));
        assertEquals(List.of(), allIds(rep.auth(), Map.of("q", u + " a%c", "ownerId", "me"), 50));
    }

    @Test
    void qMatchesPhoneDigitsHoweverTheyAreWritten() {
        Org.Person rep = Org.rep();
        Org.Person other = Org.rep();
        String phone = uniquePhone(); // "19x xxxx xxxx"
        String digits = phone.replace(" ", "");
        var body = Customers.body(Org.unique("电话"));
        body.put("phones", List.of("+86 " + phone));
        String mine = create(rep.auth(), body);
        var theirBody = Customers.body(Org.unique("电话他人"));
        // the same digits after another country code: the same number would be refused as a duplicate customer
        theirBody.put("phones", List.of("+1 " + phone));
        String theirs = create(other.auth(), theirBody);

        String dashed = digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
        String bracketed = "(" + digits.substring(0, 3) + ") " + digits.substring(3, 7) + " " + digits.substring(7);
        String lastEight = digits.substring(3, 7) + " " + digits.substring(7);
        for (String q : List.of(digits, phone, dashed, bracketed, "+86" + digits, lastEight, "86 " + digits)) {
            List<String> ids = allIds(rep.auth(), Map.of("q", q), 200);
            assertTrue(ids.contains(mine), q + " should find the customer");
            assertFalse(ids.contains(theirs), q + " must not return another rep's customer");
        }
        assertTrue(allIds(other.auth(), Map.of("q", digits), 200).contains(theirs));
        assertTrue(allIds(Org.ADMIN, Map.of("q", dashed), 200).containsAll(List.of(mine, theirs)));
        // phone-like input matches digits, not the formatted text: a different number does not match
        String otherNumber = digits.substring(0, 10) + ((digits.charAt(10) - '0' + 1) % 10);
        assertFalse(allIds(rep.auth(), Map.of("q", otherNumber), 200).contains(mine));
    }

    @Test
    void archivedCustomersAreFoundOnlyWithIncludeArchived() {
        Org.Person rep = Org.rep();
        String name = Org.unique("归档搜索");
        String id = create(rep.auth(), Customers.body(name));
        Api.as(rep.auth()).post(customer(id) + "/archive").then().statusCode(200);
        Api.as(rep.auth()).queryParam("q", name).get(CUSTOMERS).then().statusCode(200).body("items", empty());
        Api.as(rep.auth()).queryParam("q", name).queryParam("includeArchived", "true").get(CUSTOMERS).then()
                .statusCode(200).body("items.id", contains(id)).body("items[0].archived", equalTo(true));
        Api.as(Org.ADMIN).queryParam("q", name).get(CUSTOMERS).then().statusCode(200).body("items", empty());
        Api.as(Org.ADMIN).queryParam("q", name).queryParam("includeArchived", "true").get(CUSTOMERS).then()
                .statusCode(200).body("items.id", hasItem(id));
    }
}
