package io.github.crmvault.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A/B/C grades: derived from the expected signing date and today, filtered and sorted through an index. */
@QuarkusTest
class CustomerGradeTest {
    private static final String CUSTOMERS = "/api/v1/customers";

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    private static String create(String auth, LocalDate due, String tag) {
        Map<String, Object> body = Customers.body(Customers.nameWith("分级客户"));
        if (due != null) {
            body.put("expectedSignDate", due.toString());
        }
        if (tag != null) {
            body.put("tags", List.of(tag));
        }
        return Api.as(auth).body(body).post(CUSTOMERS).then().statusCode(201).extract().path("id");
    }

    private static String grade(String auth, String id) {
        return Api.as(auth).get(CUSTOMERS + "/" + id).then().statusCode(200).extract().path("grade");
    }

    @Test
    void theGradeFollowsTheExpectedDateWithOverdueAsAAndNoDateAsC() {
        Org.Person rep = Org.rep();
        Map<LocalDate, String> expected = new HashMap<>();
        expected.put(today().minusDays(5), "A");
        expected.put(today(), "A");
        expected.put(today().plusDays(30), "A");
        expected.put(today().plusDays(31), "B");
        expected.put(today().plusDays(90), "B");
        expected.put(today().plusDays(91), "C");
        expected.forEach((due, grade) -> {
            String id = create(rep.auth(), due, null);
            assertEquals(grade, grade(rep.auth(), id), "due " + due);
        });
        String none = create(rep.auth(), null, null);
        assertEquals("C", grade(rep.auth(), none));

        // An update regrades at once; the grade itself is not a field a client may send.
        String etag = Api.as(rep.auth()).get(CUSTOMERS + "/" + none).then().extract().header("ETag");
        Map<String, Object> body = Customers.body(Customers.nameWith("分级 改"));
        body.put("expectedSignDate", today().plusDays(3).toString());
        Api.as(rep.auth()).header("If-Match", etag).body(body).put(CUSTOMERS + "/" + none).then().statusCode(200)
                .body("grade", org.hamcrest.Matchers.equalTo("A"));
        body.put("grade", "C");
        Problems.invalidField(Api.as(rep.auth()).header("If-Match", "\"1\"").body(body).put(CUSTOMERS + "/" + none),
                "grade");
    }

    @Test
    void timeMovesAGradeWithoutAnyWrite() {
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), today().plusDays(40), null);
        assertEquals("B", grade(rep.auth(), id));

        clock.advance(Duration.ofDays(10));

        JsonPath now = Api.as(rep.auth()).get(CUSTOMERS + "/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("A", now.getString("grade"));
        assertEquals(0, now.getInt("version"), "nothing was written");
        assertEquals(List.of(id), Api.as(rep.auth()).queryParam("ownerId", "me").queryParam("grade", "A")
                .get(CUSTOMERS).then().statusCode(200).extract().jsonPath().getList("items.id"));
    }

    @Test
    void filterAndSortByGradeForAManagerThroughThePerOwnerListAndAnAdmin() {
        Region region = Region.create();
        String tag = Org.unique("grade");
        String overdue = create(region.rep().auth(), today().minusDays(3), tag);
        String soonA = create(region.rep().auth(), today().plusDays(10), tag);
        String sameDayA = create(region.colleague().auth(), today().plusDays(10), tag);
        String b = create(region.colleague().auth(), today().plusDays(60), tag);
        String c = create(region.rep().auth(), today().plusDays(200), tag);
        String noDate1 = create(region.rep().auth(), null, tag);
        String noDate2 = create(region.colleague().auth(), null, tag);
        List<String> sameDay = new ArrayList<>(List.of(soonA, sameDayA));
        sameDay.sort(null);
        List<String> noDates = new ArrayList<>(List.of(noDate1, noDate2));
        noDates.sort(null);
        List<String> gradeOrder = new ArrayList<>();
        gradeOrder.add(overdue);
        gradeOrder.addAll(sameDay);
        gradeOrder.add(b);
        gradeOrder.add(c);
        gradeOrder.addAll(noDates);

        for (String auth : List.of(region.manager().auth(), Org.ADMIN)) {
            assertEquals(gradeOrder, pages(auth, Map.of("tag", tag, "sort", "grade"), 2));
            assertEquals(List.of(overdue, sameDay.get(0), sameDay.get(1)),
                    pages(auth, Map.of("tag", tag, "sort", "grade", "grade", "A"), 2));
            assertEquals(List.of(overdue, sameDay.get(0), sameDay.get(1), b),
                    pages(auth, Map.of("tag", tag, "sort", "grade", "grade", "A,B"), 3));
            assertEquals(List.of(b, c, noDates.get(0), noDates.get(1)),
                    pages(auth, Map.of("tag", tag, "sort", "grade", "grade", "B,C"), 3));
            assertEquals(List.of(overdue, sameDay.get(0), sameDay.get(1), c, noDates.get(0), noDates.get(1)),
                    pages(auth, Map.of("tag", tag, "sort", "grade", "grade", "C,A"), 4));
            // Newest first stays the default, filtered the same way.
            assertEquals(List.of(noDate2, noDate1, c), pages(auth, Map.of("tag", tag, "grade", "C"), 1));
        }
        // A rep sees only their own in the grade order.
        assertEquals(List.of(overdue, soonA, c, noDate1),
                pages(region.rep().auth(), Map.of("tag", tag, "sort", "grade"), 3));
    }

    @Test
    void unknownGradesSortsAndCursorsOfTheOtherOrderAre400s() {
        Org.Person rep = Org.rep();
        for (String bad : List.of("D", "a", "A,,B", ",", "A;B")) {
            Problems.invalidField(Api.as(rep.auth()).queryParam("grade", bad).get(CUSTOMERS), "grade");
        }
        Problems.invalidField(Api.as(rep.auth()).queryParam("sort", "name").get(CUSTOMERS), "sort");
        String tag = Org.unique("cursor");
        create(rep.auth(), null, tag);
        create(rep.auth(), null, tag);
        String newestCursor = Api.as(rep.auth()).queryParam("tag", tag).queryParam("limit", 1).get(CUSTOMERS)
                .then().statusCode(200).extract().path("nextCursor");
        Problems.invalidField(Api.as(rep.auth()).queryParam("sort", "grade").queryParam("cursor", newestCursor)
                .get(CUSTOMERS), "cursor");
        String gradeCursor = Api.as(rep.auth()).queryParam("tag", tag).queryParam("sort", "grade").queryParam("limit", 1)
                .get(CUSTOMERS).then().statusCode(200).extract().path("nextCursor");
        Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", gradeCursor).get(CUSTOMERS), "cursor");
    }

    /** Every id of the list, page by page. */
    private static List<String> pages(String auth, Map<String, Object> query, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> params = new HashMap<>(query);
            params.put("limit", limit);
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath page = Api.as(auth).queryParams(params).get(CUSTOMERS).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertNull(cursor);
        return ids;
    }
}
