package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.chinese;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/visits?q=. Every test writes its visits on a random day years back and searches that
 * day only, so other tests' visits (pool customers are visible to all) never show up in its results.
 */
@QuarkusTest
class VisitSearchTest {
    @Inject
    AgroalDataSource dataSource;
    private static final String PATH = "/api/v1/visits";

    /** A random past day of its own, and the visits written on it. */
    private static final class Day {
        final String date = LocalDate.of(2018, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(2500)).toString();
        int minute;

        /** A visit of the customer on this day, each a minute after the previous one. */
        String visit(String auth, String customerId, String notes) {
            Map<String, Object> body = VisitTestSupport.body(date + "T02:%02d:00Z".formatted(minute++));
            body.put("notes", notes);
            return VisitTestSupport.create(auth, customerId, body);
        }

        /** Visits "第i次提到{term}", each followed by one without it when gapped; newest first. */
        List<String> mentions(String auth, String customerId, String term, int count, boolean gapped) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(0, visit(auth, customerId, note("第" + i + "次提到" + term + "。")));
                if (gapped) {
                    visit(auth, customerId, note("这次没提。"));
                }
            }
            return ids;
        }

        List<Map<String, Object>> search(String auth, String q) {
            return Pages.allItems(auth, PATH, Map.of("q", q, "from", date, "to", date), 50);
        }

        List<Object> ids(String auth, String q) {
            return ids(auth, q, 50);
        }

        /** The ids of every hit, following nextCursor over pages of the given size. */
        List<Object> ids(String auth, String q, int limit) {
            return Pages.allItems(auth, PATH, Map.of("q", q, "from", date, "to", date), limit).stream()
                    .map(i -> i.get("id")).toList();
        }
    }

    /** The notes' 100-character minimum is met by padding that no search here asks for. */
    private static String note(String text) {
        return text + chinese(100);
    }

    @SuppressWarnings("unchecked")
    private static List<String> marked(Map<String, Object> item) {
        Map<String, Object> highlight = (Map<String, Object>) item.get("highlight");
        String snippet = (String) highlight.get("snippet");
        List<String> marked = new ArrayList<>();
        for (Map<String, Integer> m : (List<Map<String, Integer>>) highlight.get("matches")) {
            marked.add(snippet.substring(m.get("start"), m.get("end")));
        }
        return marked;
    }

    @Test
    void chineseTermsOfTwoAndMoreCharactersAllMustMatch() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        String huawei = day.visit(rep.auth(), customer, note("对方正在和两家竞品比较，客户提到华为的报价更低。"));
        String kingdee = day.visit(rep.auth(), customer, note("财务系统用的是金蝶云星空，报价还没给。"));
        day.visit(rep.auth(), customer, note("这次没有谈到任何竞争对手。"));

        assertEquals(List.of(huawei), day.ids(rep.auth(), "华为"));
        assertEquals(List.of(kingdee), day.ids(rep.auth(), "金蝶云星空"));
        assertEquals(List.of(kingdee, huawei), day.ids(rep.auth(), "报价"));
        assertEquals(List.of(huawei), day.ids(rep.auth(), "华为 报价"));
        assertEquals(List.of(), day.ids(rep.auth(), "华为 金蝶"));
        assertEquals(List.of(), day.ids(rep.auth(), "腾讯"));

        Map<String, Object> hit = day.search(rep.auth(), "报价 华为").get(0);
        assertEquals(List.of("华为", "报价"), marked(hit));
        assertTrue(((String) ((Map<?, ?>) hit.get("highlight")).get("snippet")).endsWith("…"), hit.toString());
        // The plain list has no highlights.
        Api.as(rep.auth()).queryParams(Map.of("from", day.date, "to", day.date)).get(PATH).then().statusCode(200)
                .body("items.highlight.findAll { it != null }", org.hamcrest.Matchers.empty());
    }

    @Test
    void englishIsCaseInsensitiveInMixedText() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        String id = day.visit(rep.auth(), customer, note("总部在用Salesforce，PRICE比我们高。"));
        for (String q : List.of("salesforce", "SALESFORCE", "SalesForce price", "Price", "在用sales")) {
            List<Map<String, Object>> hits = day.search(rep.auth(), q);
            assertEquals(List.of(id), hits.stream().map(i -> i.get("id")).toList(), q);
        }
        assertEquals(List.of("Salesforce", "PRICE"), marked(day.search(rep.auth(), "price salesforce").get(0)));
        assertEquals(List.of(), day.ids(rep.auth(), "salesforces"));
    }

    @Test
    void wildcardCharactersAreLiteral() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        String percent = day.visit(rep.auth(), customer, note("要求折扣50%以上。"));
        String other = day.visit(rep.auth(), customer, note("要求折扣500以上，编号A1B2。"));
        String underscore = day.visit(rep.auth(), customer, note("编号A_B2。"));
        assertEquals(List.of(percent), day.ids(rep.auth(), "50%"));
        assertEquals(List.of(percent), day.ids(rep.auth(), "扣50%以"));
        assertEquals(List.of(underscore), day.ids(rep.auth(), "a_b"));
        assertEquals(List.of(), day.ids(rep.auth(), "%%"));
        assertEquals(List.of(), day.ids(rep.auth(), "__"));
        assertEquals(List.of(other, percent), day.ids(rep.auth(), "折扣50"));
    }

    @Test
    void highlightCountsUtf16UnitsAfterEmoji() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        day.visit(rep.auth(), customer, "😀👍🏻𠮷" + chinese(100) + "客户说用友U8太老了");
        Map<String, Object> hit = day.search(rep.auth(), "用友u8").get(0);
        assertEquals(List.of("用友U8"), marked(hit));
        Map<?, ?> highlight = (Map<?, ?>) hit.get("highlight");
        String snippet = (String) highlight.get("snippet");
        assertEquals("…" + chinese(100).substring(83) + "客户说用友U8太老了", snippet);
        assertEquals(Map.of("start", 21, "end", 25), ((List<?>) highlight.get("matches")).get(0));

        String near = day.visit(rep.auth(), customer, "😀👍🏻𠮷腾讯" + chinese(100));
        Map<String, Object> first = day.search(rep.auth(), "腾讯").get(0);
        assertEquals(near, first.get("id"));
        Map<?, ?> h = (Map<?, ?>) first.get("highlight");
        // Two emoji, a skin-tone modifier and 𠮷: four code points, eight UTF-16 code units.
        assertEquals(Map.of("start", 8, "end", 10), ((List<?>) h.get("matches")).get(0));
        assertTrue(((String) h.get("snippet")).startsWith("😀👍🏻𠮷腾讯"));
    }

    @Test
    void searchCoversEveryVisibleVisitButNoInvisibleOne() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        Org.Person stranger = Org.rep();
        String strangers = Customers.create(stranger.auth(), Org.unique("搜索"));
        Day day = new Day();
        String term = "用友" + Org.unique("x").substring(2);
        String mine = day.visit(region.rep().auth(), region.customerId(), note("对方在评估" + term + "。"));
        String hidden = day.visit(stranger.auth(), strangers, note("对方在评估" + term + "。"));

        assertEquals(List.of(mine), day.ids(region.rep().auth(), term));
        assertEquals(List.of(mine), day.ids(region.manager().auth(), term), "the manager sees the team's visits");
        assertEquals(List.of(hidden), day.ids(stranger.auth(), term));
        assertEquals(List.of(hidden, mine), day.ids(Org.ADMIN, term), "an admin sees everything");
        // Without q the list stays the caller's own visits.
        Api.as(region.manager().auth()).queryParams(Map.of("from", day.date, "to", day.date)).get(PATH).then()
                .statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void pagesWalkEveryHitNewestFirst() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        List<String> hits = day.mentions(rep.auth(), customer, "阿里云", 7, true);
        for (int limit : List.of(1, 2, 3, 7, 50)) {
            assertEquals(hits, day.ids(rep.auth(), "阿里云", limit), "limit " + limit);
        }
        Map<String, Object> query = new HashMap<>(Map.of("q", "阿里云", "to", day.date));
        query.put("from", LocalDate.parse(day.date).plusDays(1).toString());
        Problems.invalidField(Api.as(rep.auth()).queryParams(query).get(PATH), "from");
    }

    @Test
    void rareTermBehindManyNewerVisitsIsFoundThroughTheIndex() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        List<String> hits = day.mentions(rep.auth(), customer, "金蝶云", 3, false);
        // More newer visits than the search walks before it turns to the index.
        Sql.update(dataSource, "INSERT INTO visit (id, customer_id, author_id, visited_at, channel, notes, note_length,"
                + " quality_score, effective, content_hash, version, created_at, created_by, updated_at, updated_by)"
                + " SELECT gen_random_uuid(), ?, ?, CAST(? AS timestamptz) - i * interval '1 second', 'PHONE',"
                + " '这次没有提到竞品' || i, 10, 0, false, md5(i::text), 0, now(), 'test', now(), 'test'"
                + " FROM generate_series(1, ?) i", UUID.fromString(customer), UUID.fromString(rep.id()),
                day.date + "T12:00:00Z", VisitRepository.WALK + 500);
        for (int limit : List.of(1, 2, 50)) {
            assertEquals(hits, day.ids(rep.auth(), "金蝶云", limit), "limit " + limit);
        }
        assertEquals(List.of(hits.get(0)), day.ids(rep.auth(), "第2次"));
        assertEquals(List.of(), day.ids(rep.auth(), "第9次"));
    }

    @Test
    void frequentTermJustShortOfAPageIsFoundByALongerWalk() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        // One visit in 40 names the term: the newest WALK visits hold about 25 hits, short of a page of 30.
        Sql.update(dataSource, "INSERT INTO visit (id, customer_id, author_id, visited_at, channel, notes, note_length,"
                + " quality_score, effective, content_hash, version, created_at, created_by, updated_at, updated_by)"
                + " SELECT gen_random_uuid(), ?, ?, CAST(? AS timestamptz) - i * interval '1 second', 'PHONE',"
                + " CASE WHEN i % 40 = 0 THEN '客户在比较用友云' ELSE '这次没有提到竞品' END || i, 10, 0, false,"
                + " md5(i::text), 0, now(), 'test', now(), 'test' FROM generate_series(1, ?) i",
                UUID.fromString(customer), UUID.fromString(rep.id()), day.date + "T12:00:00Z", VisitRepository.WALK + 500);
        List<String> expected = hits(customer, day, "用友云");
        for (int limit : List.of(30, 50)) {
            assertEquals(expected, day.ids(rep.auth(), "用友云", limit), "limit " + limit);
        }
    }

    @Test
    void hitsBeyondTheWalkComeNewestFirstOnEveryPage() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        // Visits a second apart before 12:00 UTC (inside the day in any time zone from UTC to UTC+8), three of
        // the newest WALK naming the term and one beyond them; then older hits hours apart, which the index
        // finds in slices of time and in the rest of the day; and one two days before, outside the range.
        String insert = "INSERT INTO visit (id, customer_id, author_id, visited_at, channel, notes, note_length,"
                + " quality_score, effective, content_hash, version, created_at, created_by, updated_at, updated_by)"
                + " SELECT gen_random_uuid(), ?, ?, CAST(? AS timestamptz) - i * interval '1 second', 'PHONE',"
                + " CASE WHEN i IN (10, 400, 900, 1200, 10800, 21600, 36000, 41400, 172800) THEN '客户在比较金蝶云'"
                + " ELSE '这次没有提到竞品' END || i, 10, 0, false, md5(i::text), 0, now(), 'test', now(), 'test'"
                + " FROM (SELECT generate_series(1, ?) UNION ALL VALUES (10800), (21600), (36000), (41400), (172800)) s(i)";
        Sql.update(dataSource, insert, UUID.fromString(customer), UUID.fromString(rep.id()), day.date + "T12:00:00Z",
                VisitRepository.WALK + 500);
        List<String> expected = hits(customer, day, "金蝶云");
        assertEquals(8, expected.size());
        for (int limit : List.of(1, 2, 3, 50)) {
            assertEquals(expected, day.ids(rep.auth(), "金蝶云", limit), "limit " + limit);
        }
    }

    @Test
    void hitsBelowABurstOfVisitsWithoutTheTermComeNewestFirstOnEveryPage() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        // A burst of more visits than the walk reads, a millisecond apart just before 12:00 UTC, none naming the term;
        // below it 30,000 visits a second apart, one in 4,000 naming it, then two older hits hours apart, and one two
        // days before, outside the range. At the burst's rate, slices of time would each span a few visits: they are
        // read by position instead, and every page must still come whole, newest first, none repeated or skipped.
        burstOver(rep, customer, day, "客户在比较金蝶云", "SELECT i, interval '60 seconds' + i * interval '1 second', i % 4000 = 0"
                + " FROM generate_series(1, 30000) i UNION ALL VALUES (35000, interval '35000 seconds', true),"
                + " (40000, interval '40000 seconds', true), (172800, interval '172800 seconds', true)");
        List<String> expected = hits(customer, day, "金蝶云");
        assertEquals(9, expected.size());
        for (int limit : List.of(1, 2, 3, 7, 50)) {
            assertEquals(expected, day.ids(rep.auth(), "金蝶云", limit), "limit " + limit);
        }
    }

    @Test
    void aFrequentTermBelowABurstWithoutItComesWholeNewestFirst() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("搜索"));
        Day day = new Day();
        // Below a burst of more visits than the walk reads, none naming the term, 20,000 visits a second apart that
        // all name it: a term in a tenth of the notes or more by the statistics is walked through the burst rather
        // than sliced from the index. Every hit must still come once, newest first, across the pages.
        burstOver(rep, customer, day, "常见词甲乙丙丁",
                "SELECT i, interval '60 seconds' + i * interval '1 second', true FROM generate_series(1, 20000) i");
        // The statistics the walk reads the term's share from.
        Sql.update(dataSource, "ANALYZE visit");
        List<String> expected = hits(customer, day, "甲乙丙丁");
        assertEquals(20000, expected.size());
        assertEquals(expected, day.ids(rep.auth(), "甲乙丙丁", 50));
        // Small pages: the first walks through the burst, the next start below its cursor.
        List<Object> firstPages = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            Map<String, Object> query = new HashMap<>(Map.of("q", "甲乙丙丁", "from", day.date, "to", day.date, "limit", 7));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            io.restassured.path.json.JsonPath body = Api.as(rep.auth()).queryParams(query).get(PATH).then().statusCode(200)
                    .extract().jsonPath();
            firstPages.addAll(body.getList("items.id"));
            cursor = body.getString("nextCursor");
        }
        assertEquals(expected.subList(0, 21), firstPages);
    }

    /** The ids of the customer's visits on the day whose notes name the term, newest first, straight from SQL. */
    private List<String> hits(String customer, Day day, String term) {
        return Sql.strings(dataSource, "SELECT id::text FROM visit WHERE customer_id = ? AND strpos(notes, ?) > 0"
                + " AND visited_at >= CAST(? AS timestamptz) ORDER BY visited_at DESC, id DESC", UUID.fromString(customer),
                term, day.date + "T00:00:00Z");
    }

    /**
     * Visits of the customer by the rep on the day: a burst of {@link VisitRepository#WALK} + 500 a millisecond apart
     * just before 12:00 UTC, none naming anything searched, over {@code older}'s rows (i, how long before 12:00,
     * whether the note names {@code hitNote}).
     */
    private void burstOver(Org.Person rep, String customer, Day day, String hitNote, String older) {
        Sql.update(dataSource, "INSERT INTO visit (id, customer_id, author_id, visited_at, channel, notes, note_length,"
                + " quality_score, effective, content_hash, version, created_at, created_by, updated_at, updated_by)"
                + " SELECT gen_random_uuid(), ?, ?, CAST(? AS timestamptz) - s.ago, 'PHONE',"
                + " CASE WHEN s.hit THEN ? ELSE '这次没有提到竞品' END || s.i, 10, 0, false, md5(s.ago::text), 0,"
                + " now(), 'test', now(), 'test' FROM (SELECT i, i * interval '1 millisecond', false FROM generate_series(1, ?) i"
                + " UNION ALL " + older + ") s(i, ago, hit)", UUID.fromString(customer), UUID.fromString(rep.id()),
                day.date + "T12:00:00Z", hitNote, VisitRepository.WALK + 500);
    }

    @Test
    void badQueriesAreProblems() {
        Org.Person rep = Org.rep();
        for (String q : List.of("华", "华为 x", "   ", "华".repeat(101), "aa bb cc dd ee ff")) {
            Problems.invalidField(Api.as(rep.auth()).queryParam("q", q).get(PATH), "q");
        }
        Problems.invalidField(Api.as(rep.auth()).queryParam("q", "华").get(PATH), "q")
                .body("errors.message", org.hamcrest.Matchers.hasItem(containsString("at least 2 characters")));
        Problems.invalidField(Api.as(rep.auth()).queryParams(Map.of("q", "华为", "cursor", "nonsense")).get(PATH), "cursor");
        Api.as(rep.auth()).queryParam("q", "华".repeat(100)).get(PATH).then().statusCode(200);
    }
}
