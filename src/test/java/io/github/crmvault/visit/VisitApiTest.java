package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.body;
import static io.github.crmvault.visit.VisitTestSupport.chinese;
import static io.github.crmvault.visit.VisitTestSupport.create;
import static io.github.crmvault.visit.VisitTestSupport.history;
import static io.github.crmvault.visit.VisitTestSupport.setOwner;
import static io.github.crmvault.visit.VisitTestSupport.visit;
import static io.github.crmvault.visit.VisitTestSupport.visits;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class VisitApiTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void createGetAndListNewestFirst() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("拜访"));
        String contactId = Api.as(rep.auth()).body(Map.of("name", "王芳")).post("/api/v1/customers/" + customerId + "/contacts")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> body = body("2026-01-05T02:30:00Z");
        body.put("contactIds", List.of(contactId, contactId));
        body.put("channel", "PHONE");
        body.put("latitude", 30.2740851);
        body.put("longitude", 120.15507);
        body.put("locationAddress", " 杭州市西湖区 ");
        body.put("outcome", "同意试用");
        body.put("interestLevel", 4);
        body.put("nextStep", "下周二带方案上门演示");
        body.put("nextStepDate", "2026-01-13");
        var created = Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(201)
                .header("ETag", "\"0\"")
                .body("customerId", equalTo(customerId))
                .body("authorId", equalTo(rep.id()))
                .body("contactIds", contains(contactId))
                .body("visitedAt", equalTo("2026-01-05T02:30:00Z"))
                .body("channel", equalTo("PHONE"))
                .body("latitude", equalTo(30.274085f))
                .body("longitude", equalTo(120.15507f))
                .body("locationAddress", equalTo("杭州市西湖区"))
                .body("interestLevel", equalTo(4))
                .body("nextStepDate", equalTo("2026-01-13"))
                .body("noteLength", equalTo(120))
                .body("qualityScore", equalTo(100))
                .body("effective", equalTo(true))
                .body("reviewCount", equalTo(0))
                .body("version", equalTo(0))
                .body("createdBy", equalTo(rep.login()))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/v1/visits/" + id), created.header("Location"));
        Instant createdAt = Instant.parse(created.path("createdAt"));
        assertEquals(createdAt.plus(24, ChronoUnit.HOURS), Instant.parse(created.path("editableUntil")));

        var read = Api.as(rep.auth()).get(visit(id)).then().statusCode(200).header("ETag", "\"0\"").extract();
        assertEquals(created.jsonPath().getMap("$"), read.jsonPath().getMap("$"));

        // a minimal visit scores on length alone and is not effective
        String older = create(rep.auth(), customerId, body("2026-01-04T02:30:00Z"));
        String newer = create(rep.auth(), customerId, body("2026-01-06T02:30:00Z"));
        Api.as(rep.auth()).get(visit(older)).then().statusCode(200)
                .body("qualityScore", equalTo(80)).body("effective", equalTo(false))
                .body("contactIds", empty()).body("$", not(hasKey("latitude")));
        assertEquals(List.of(newer, id, older), VisitTestSupport.allIds(rep.auth(), visits(customerId), Map.of(), 1, "id"));
        assertEquals(List.of("VISIT:CREATE", "VISIT:CREATE", "VISIT:CREATE", "CONTACT:CREATE", "CUSTOMER:CREATE"),
                history(rep.auth(), customerId));
    }

    @Test
    void theNoteMinimumCountsChineseCharactersOneEach() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("字数"));
        Map<String, Object> body = body();
        body.put("notes", chinese(99));
        Problems.expect(Api.as(rep.auth()).body(body).post(visits(customerId)), 422, "note-too-short")
                .body("minimum", equalTo(100)).body("actual", equalTo(99))
                .body("detail", containsString("99"));
        // whitespace does not count
        body.put("notes", chinese(50) + " \n\u3000 " + chinese(49));
        Problems.expect(Api.as(rep.auth()).body(body).post(visits(customerId)), 422, "note-too-short")
                .body("actual", equalTo(99));
        body.put("notes", "");
        Problems.expect(Api.as(rep.auth()).body(body).post(visits(customerId)), 422, "note-too-short")
                .body("actual", equalTo(0));
        Api.as(rep.auth()).get(visits(customerId)).then().statusCode(200).body("items", empty());

        body.put("notes", chinese(100));
        Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(201).body("noteLength", equalTo(100));
        body.put("notes", "a".repeat(100));
        Api.as(rep.auth()).body(body).post(visits(customerId)).then().statusCode(201).body("noteLength", equalTo(100));
    }

    @ParameterizedTest(name = "{0} = {1} -> 400")
    @CsvSource({
            "latitude, 90.000001", "latitude, -91", "longitude, 180.5", "longitude, -181",
            "interestLevel, 0", "interestLevel, 6", "channel, WALK_IN", "visitedAt, yesterday",
            "contactIds, not-a-list", "nextStepDate, 2026-13-01"})
    void badFieldsAreRejected(String field, String value) {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("坏输入"));
        Map<String, Object> body = body();
        if (field.equals("latitude") || field.equals("longitude")) {
            body.put("latitude", 30);
            body.put("longitude", 120);
            body.put(field, new java.math.BigDecimal(value));
        } else if (field.equals("interestLevel")) {
            body.put(field, Integer.parseInt(value));
        } else {
            body.put(field, value);
        }
        Problems.invalidField(Api.as(rep.auth()).body(body).post(visits(customerId)), field);
        Api.as(rep.auth()).get(visits(customerId)).then().statusCode(200).body("items", empty());
    }

    @Test
    void inputThatNeedsTheServerToJudgeIsRejected() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("判断"));
        String other = Customers.create(rep.auth(), Org.unique("别家"));
        String otherContact = Api.as(rep.auth()).body(Map.of("name", "李雷")).post("/api/v1/customers/" + other + "/contacts")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> body = body();
        body.put("contactIds", List.of(otherContact));
        Problems.invalidField(Api.as(rep.auth()).body(body).post(visits(customerId)), "contactIds");
        body.put("contactIds", List.of(UUID.randomUUID().toString()));
        Problems.invalidField(Api.as(rep.auth()).body(body).post(visits(customerId)), "contactIds");

        // a few minutes of clock skew are fine, more is the future
        Problems.invalidField(Api.as(rep.auth()).body(body(Instant.now().plus(10, ChronoUnit.MINUTES).toString()))
                .post(visits(customerId)), "visitedAt");
        create(rep.auth(), customerId, body(Instant.now().plus(2, ChronoUnit.MINUTES).toString()));

        Map<String, Object> half = body();
        half.put("latitude", 30);
        Problems.invalidField(Api.as(rep.auth()).body(half).post(visits(customerId)), "longitude");
        Map<String, Object> serverOwned = body();
        serverOwned.put("qualityScore", 100);
        Problems.invalidField(Api.as(rep.auth()).body(serverOwned).post(visits(customerId)), "qualityScore")
                .body("detail", containsString("set by the server"));
        Problems.invalidField(Api.as(rep.auth()).body(body()).post(visits("not-a-uuid")), "id");
        Problems.invalidField(Api.as(rep.auth()).queryParam("cursor", "bogus").get(visits(customerId)), "cursor");
        assertEquals(1, VisitTestSupport.allIds(rep.auth(), visits(customerId), Map.of(), 50, "id").size());
    }

    @Test
    void poolAndArchivedCustomersTakeNoVisits() {
        Org.Person rep = Org.rep();
        String pool = Customers.create(Org.ADMIN, Org.unique("公海"));
        Problems.forbidden(Api.as(rep.auth()).body(body()).post(visits(pool)));
        // an admin with a user record may record a visit of a pool customer
        create(adminWithUser(), pool);

        String archived = Customers.create(rep.auth(), Org.unique("归档"));
        Api.as(rep.auth()).post("/api/v1/customers/" + archived + "/archive").then().statusCode(200);
        Problems.expect(Api.as(rep.auth()).body(body()).post(visits(archived)), 409, "conflict");
        // a bootstrap admin without a user row cannot author
        Problems.forbidden(Api.as(Org.ADMIN).body(body()).post(visits(pool))).body("detail", containsString("user record"));
    }

    private static String adminWithUser() {
        String login = Org.unique("boss");
        Org.user(login, null);
        return io.github.crmvault.support.Tokens.bearer(login, "admin");
    }

    @Test
    void visitsFollowTheCustomer() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        Org.Person rep = region.rep();
        String visitId = create(rep.auth(), region.customerId());
        Org.Person stranger = Org.rep();
        Org.Person successor = Org.rep();

        // not your customer: 404 everywhere, as if it did not exist
        Problems.notFound(Api.as(stranger.auth()).get(visit(visitId)));
        Problems.notFound(Api.as(stranger.auth()).get(visits(region.customerId())));
        Problems.notFound(Api.as(stranger.auth()).body(body()).post(visits(region.customerId())));
        Problems.notFound(Api.as(stranger.auth()).header("If-Match", "\"0\"").body(body()).put(visit(visitId)));
        Problems.notFound(Api.as(stranger.auth()).get(VisitTestSupport.reviews(visitId)));
        Problems.notFound(Api.as(Org.rep().auth()).get(visit(UUID.randomUUID().toString())));

        // the manager above sees it, and so does integration
        Api.as(region.manager().auth()).get(visit(visitId)).then().statusCode(200);
        String integration = io.github.crmvault.support.OrgAdmin.person(region.repTeam(), "integration").auth();
        Api.as(integration).get(visits(region.customerId())).then().statusCode(200).body("items.id", contains(visitId));
        // the customer moves to a successor: they see the former owner's visit, the former owner no longer does
        setOwner(dataSource, region.customerId(), successor.id());
        Api.as(successor.auth()).get(visit(visitId)).then().statusCode(200).body("authorId", equalTo(rep.id()));
        assertEquals(List.of(visitId),
                VisitTestSupport.allIds(successor.auth(), visits(region.customerId()), Map.of(), 50, "id"));
        Problems.notFound(Api.as(rep.auth()).get(visit(visitId)));
        Problems.notFound(Api.as(rep.auth()).get(visits(region.customerId())));
        Problems.notFound(Api.as(region.manager().auth()).get(visit(visitId)));
        Api.as(rep.auth()).get("/api/v1/visits").then().statusCode(200).body("items.id", not(org.hamcrest.Matchers.hasItem(visitId)));
    }

    @Test
    void myVisitsByDateRange() {
        Org.Person rep = Org.rep();
        String first = Customers.create(rep.auth(), Org.unique("日期一"));
        String second = Customers.create(rep.auth(), Org.unique("日期二"));
        // 2026-01-10 in Shanghai runs from 2026-01-09T16:00Z to 2026-01-10T16:00Z
        String before = create(rep.auth(), first, body("2026-01-09T15:59:59Z"));
        String start = create(rep.auth(), first, body("2026-01-09T16:00:00Z"));
        String middle = create(rep.auth(), second, body("2026-01-11T08:00:00Z"));
        String end = create(rep.auth(), second, body("2026-01-12T15:59:59Z"));
        String after = create(rep.auth(), first, body("2026-01-12T16:00:00Z"));
        Org.Person other = Org.rep();
        create(other.auth(), Customers.create(other.auth(), Org.unique("别人的")), body("2026-01-11T08:00:00Z"));

        assertEquals(List.of(end, middle, start), VisitTestSupport.allIds(rep.auth(), "/api/v1/visits",
                Map.of("from", "2026-01-10", "to", "2026-01-12"), 2, "id"));
        assertEquals(List.of(after, end, middle, start, before),
                VisitTestSupport.allIds(rep.auth(), "/api/v1/visits", Map.of(), 50, "id"));
        assertEquals(List.of(after), VisitTestSupport.allIds(rep.auth(), "/api/v1/visits", Map.of("from", "2026-01-13"), 50, "id"));
        assertEquals(List.of(before), VisitTestSupport.allIds(rep.auth(), "/api/v1/visits", Map.of("to", "2026-01-09"), 50, "id"));

        // a customer the rep lost takes its visits out of the list
        setOwner(dataSource, second, Org.rep().id());
        assertEquals(List.of(after, start, before), VisitTestSupport.allIds(rep.auth(), "/api/v1/visits", Map.of(), 50, "id"));

        Problems.invalidField(Api.as(rep.auth()).queryParam("from", "10.01.2026").get("/api/v1/visits"), "from");
        Problems.invalidField(Api.as(rep.auth()).queryParam("from", "2026-01-12").queryParam("to", "2026-01-10")
                .get("/api/v1/visits"), "from");
        // a bootstrap admin has written nothing
        Api.as(Org.ADMIN).get("/api/v1/visits").then().statusCode(200).body("items", empty());
    }
}
