package io.github.crmvault.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET of one record honours If-None-Match: 304 with the ETag and no body while the caller's copy is current. */
@QuarkusTest
class ConditionalGetTest {

    @Test
    void theCurrentTagGives304WithTheTagAndNoBody() {
        Org.Person rep = Org.rep();
        String path = customer(Customers.create(rep.auth(), Org.unique("缓存")));
        String etag = Api.as(rep.auth()).get(path).then().statusCode(200).extract().header("ETag");

        Response notModified = Api.as(rep.auth()).header("If-None-Match", etag).get(path);
        assertNotModified(notModified, etag);
        assertEquals("", notModified.asString(), "no body");
        assertTrue(notModified.header("RateLimit-Remaining") != null, "still counted as a read");
        // HEAD (not in the contract, hence not validated against it) is conditional too.
        assertNotModified(RestAssured.given().header("Authorization", rep.auth()).header("If-None-Match", etag)
                .head(path), etag);
    }

    @Test
    void weakTagsListsAndStarMatchAndOtherTagsDoNot() {
        Org.Person rep = Org.rep();
        String path = customer(Customers.create(rep.auth(), Org.unique("缓存")));
        String etag = Api.as(rep.auth()).get(path).then().statusCode(200).extract().header("ETag");

        assertNotModified(Api.as(rep.auth()).header("If-None-Match", "W/" + etag).get(path), etag);
        assertNotModified(Api.as(rep.auth()).header("If-None-Match", "\"9999\", W/\"77\"," + etag).get(path), etag);
        assertNotModified(Api.as(rep.auth()).header("If-None-Match", "*").get(path), etag);

        for (String other : List.of("\"9999\"", "\"9999\", W/\"77\"", "not-a-tag", etag.replace("\"", ""))) {
            Api.as(rep.auth()).header("If-None-Match", other).get(path).then().statusCode(200)
                    .header("ETag", etag).body("id", org.hamcrest.Matchers.notNullValue());
        }
    }

    @Test
    void afterAChangeTheOldTagGetsTheNewRecord() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), Org.unique("缓存"));
        String old = Api.as(rep.auth()).get(customer(id)).then().statusCode(200).extract().header("ETag");
        Map<String, Object> body = Customers.body(Org.unique("改名"));
        String current = Api.as(rep.auth()).header("If-Match", old).body(body).put(customer(id))
                .then().statusCode(200).extract().header("ETag");
        assertNotEquals(old, current);

        Api.as(rep.auth()).header("If-None-Match", old).get(customer(id)).then().statusCode(200)
                .header("ETag", current).body("name", org.hamcrest.Matchers.equalTo(body.get("name")));
        assertNotModified(Api.as(rep.auth()).header("If-None-Match", current).get(customer(id)), current);
    }

    @Test
    void aCallerWhoMayNotSeeTheRecordGets404Never304() {
        Org.Person owner = Org.rep();
        Org.Person stranger = Org.rep();
        String path = customer(Customers.create(owner.auth(), Org.unique("私有")));
        String etag = Api.as(owner.auth()).get(path).then().statusCode(200).extract().header("ETag");

        Problems.notFound(Api.as(stranger.auth()).header("If-None-Match", etag).get(path));
        Problems.notFound(Api.as(stranger.auth()).header("If-None-Match", "*").get(path));
        Problems.unauthenticated(Api.anonymous().header("If-None-Match", "*").get(path));
    }

    @Test
    void everyReadOfOneRecordWithAnEtagIsConditional() {
        Org.Person rep = Org.rep();
        String customerId = Customers.signed(rep.auth(), Org.unique("缓存"));
        String dealId = Api.as(rep.auth()).get(customer(customerId) + "/deals").then().statusCode(200)
                .extract().path("items[0].id");
        String contactId = Api.as(rep.auth()).body(Map.of("name", "王芳")).post(customer(customerId) + "/contacts")
                .then().statusCode(201).extract().path("id");
        String visitId = Api.as(rep.auth()).body(Map.of(
                        "visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                        "channel", "ON_SITE", "notes", "客户规模两百人关心数据安全和价格".repeat(8)))
                .post(customer(customerId) + "/visits").then().statusCode(201).extract().path("id");
        String teamId = Org.team(Org.unique("team"), null, null);

        Map<String, String> readsByAuth = Map.of(
                customer(customerId) + "/deals/" + dealId, rep.auth(),
                customer(customerId) + "/contacts/" + contactId, rep.auth(),
                "/api/v1/visits/" + visitId, rep.auth(),
                "/api/v1/teams/" + teamId, Org.ADMIN,
                "/api/v1/users/" + rep.id(), Org.ADMIN);
        readsByAuth.forEach((path, auth) -> {
            String etag = Api.as(auth).get(path).then().statusCode(200).extract().header("ETag");
            assertFalse(etag == null || etag.isEmpty(), path);
            assertNotModified(Api.as(auth).header("If-None-Match", etag).get(path), etag);
            Api.as(auth).header("If-None-Match", "\"9999\"").get(path).then().statusCode(200);
        });
        // Lists carry no ETag: If-None-Match changes nothing there.
        Api.as(rep.auth()).header("If-None-Match", "*").get(customer(customerId) + "/contacts").then().statusCode(200);
    }

    @Test
    void theComparisonIsWeakAndStrictAboutTheSyntax() {
        assertTrue(ConditionalGet.matches("\"3\"", "\"3\""));
        assertTrue(ConditionalGet.matches("W/\"3\"", "\"3\""));
        assertTrue(ConditionalGet.matches("\"3\"", "W/\"3\""));
        assertTrue(ConditionalGet.matches(" \"1\" ,W/\"3\" ", "\"3\""));
        assertTrue(ConditionalGet.matches(" * ", "\"3\""));
        assertFalse(ConditionalGet.matches("\"30\"", "\"3\""));
        assertFalse(ConditionalGet.matches("3", "\"3\""));
        assertFalse(ConditionalGet.matches("\"3\" garbage", "\"3\""));
        assertFalse(ConditionalGet.matches("\"1\", *", "\"3\""));
        assertFalse(ConditionalGet.matches("", "\"3\""));
    }

    private static void assertNotModified(Response response, String etag) {
        response.then().statusCode(304).header("ETag", etag);
    }

    private static String customer(String id) {
        return "/api/v1/customers/" + id;
    }
}
