package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.CUSTOMERS;
import static io.github.crmvault.customer.CustomerTestSupport.PROBLEM_JSON;
import static io.github.crmvault.customer.CustomerTestSupport.actions;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static io.github.crmvault.customer.CustomerTestSupport.customer;
import static io.github.crmvault.customer.CustomerTestSupport.get;
import static io.github.crmvault.customer.CustomerTestSupport.history;
import static io.github.crmvault.customer.CustomerTestSupport.invalidField;
import static io.github.crmvault.customer.CustomerTestSupport.ownIds;
import static io.github.crmvault.customer.CustomerTestSupport.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: every case is a 4xx application/problem+json that says what is wrong, and changes
 * nothing. POST cases check that the caller still owns no customer; PUT cases that the customer is
 * still at version 0 with only its CREATE in the history.
 */
@QuarkusTest
class CustomerBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MALFORMED = "urn:problem:crm:malformed-body";

    enum Write { POST, PUT }

    /** A fresh rep, and for PUT one customer of theirs to aim at. */
    private static final class Target {
        final Org.Person rep = Org.rep();
        final Write write;
        final String name = Org.unique("靶子");
        final String id;

        Target(Write write) {
            this.write = write;
            this.id = write == Write.PUT ? create(rep.auth(), Customers.body(name)) : null;
        }

        ValidatableResponse send(Object body) {
            var request = Api.as(rep.auth()).body(body);
            return write == Write.POST ? request.post(CUSTOMERS).then()
                    : request.header("If-Match", "\"0\"").put(customer(id)).then();
        }

        ValidatableResponse send(String contentType, String body) {
            var request = Api.as(rep.auth()).contentType(contentType).body(body);
            return write == Write.POST ? request.post(CUSTOMERS).then()
                    : request.header("If-Match", "\"0\"").put(customer(id)).then();
        }

        ValidatableResponse sendNoBody() {
            var request = Api.as(rep.auth());
            return write == Write.POST ? request.post(CUSTOMERS).then()
                    : request.header("If-Match", "\"0\"").put(customer(id)).then();
        }

        void assertNothingChanged() {
            if (write == Write.POST) {
                assertEquals(List.of(), ownIds(rep.auth()), "no customer may have been created");
            } else {
                assertEquals(List.of(id), ownIds(rep.auth()));
                JsonPath stored = get(rep.auth(), id);
                assertEquals(0, stored.getInt("version"));
                assertEquals(name, stored.getString("name"));
                assertEquals("LEAD", stored.getString("status"));
                assertEquals(List.of("CUSTOMER:CREATE"), actions(history(rep.auth(), id)));
            }
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- malformed and non-object bodies ----

    static Stream<Arguments> malformedBodies() {
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            for (String body : List.of("{\"name\": ", "{name: \"x\", status: \"LEAD\"}",
                    "{\"name\": \"x\", \"status\": \"LEAD\",}", "not json at all", "{\"name\": \"x\" \"status\": \"LEAD\"}",
                    "{\"name\": 'x', \"status\": \"LEAD\"}")) {
                cases.add(Arguments.of(write, body));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedBodies")
    void malformedJsonIs400SayingTheBodyIsNotJson(Write write, String body) {
        Target target = new Target(write);
        problem(target.send("application/json", body), 400, MALFORMED)
                .body("detail", containsString("JSON"));
        target.assertNothingChanged();
    }

    static Stream<Arguments> nonObjectBodies() {
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            for (String body : List.of("[]", "[{\"name\": \"x\", \"status\": \"LEAD\"}]", "\"text\"", "42", "true")) {
                cases.add(Arguments.of(write, body));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nonObjectBodies")
    void aJsonValueThatIsNotAnObjectIs400(Write write, String body) {
        Target target = new Target(write);
        target.send("application/json", body)
                .statusCode(400)
                .header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("type", oneOf(MALFORMED, CustomerTestSupport.VALIDATION))
                .body("detail", not(emptyOrNullString()));
        target.assertNothingChanged();
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void anEmptyBodyIs400(Write write) {
        Target target = new Target(write);
        target.sendNoBody().statusCode(400).header("Content-Type", startsWith(PROBLEM_JSON))
                .body("status", equalTo(400)).body("detail", not(emptyOrNullString()));
        target.send("application/json", "").statusCode(400).header("Content-Type", startsWith(PROBLEM_JSON));
        target.send("application/json", "null").statusCode(400).header("Content-Type", startsWith(PROBLEM_JSON));
        target.assertNothingChanged();
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void aBodyThatIsNotJsonIs415(Write write) {
        Target target = new Target(write);
        String asJson = json(Customers.body("纯文本"));
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            problem(target.send(contentType, asJson), 415, "urn:problem:crm:unsupported-media-type");
        }
        target.assertNothingChanged();
    }

    // ---- fields that do not belong in the body ----

    @ParameterizedTest
    @EnumSource(Write.class)
    void anUnknownFieldIs400NamingIt(Write write) {
        Target target = new Target(write);
        Map<String, Object> body = Customers.body(Org.unique("未知"));
        body.put("foo", "bar");
        invalidField(target.send(body), "foo").body("errors.find { it.field == 'foo' }.message",
                containsString("not a field"));
        target.assertNothingChanged();
    }

    static Stream<Arguments> serverOwnedFields() {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d11");
        values.put("ownerId", "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d11");
        values.put("version", 7);
        values.put("createdAt", "2020-01-01T00:00:00Z");
        values.put("createdBy", "mallory");
        values.put("updatedAt", "2020-01-01T00:00:00Z");
        values.put("updatedBy", "mallory");
        values.put("archived", true);
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            values.forEach((field, value) -> cases.add(Arguments.of(write, field, value)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("serverOwnedFields")
    void aServerOwnedFieldIs400SayingSo(Write write, String field, Object value) {
        Target target = new Target(write);
        Map<String, Object> body = Customers.body(Org.unique("越权"));
        body.put(field, value);
        invalidField(target.send(body), field)
                .body("errors.find { it.field == '" + field + "' }.message", containsString("set by the server"));
        target.assertNothingChanged();
    }

    // ---- wrong types and values ----

    static Stream<Arguments> wrongTypes() {
        List<Object[]> values = List.of(
                new Object[] {"name", 123},
                new Object[] {"name", true},
                new Object[] {"name", List.of("a")},
                new Object[] {"name", Map.of("zh", "名字")},
                new Object[] {"phones", "x"},
                new Object[] {"phones", "138 0013 8000"},
                new Object[] {"phones", Map.of("mobile", "138 0013 8000")},
                new Object[] {"emails", "a@example.cn"},
                new Object[] {"tags", "vip"},
                new Object[] {"status", "NOPE"},
                new Object[] {"status", "lead"},
                new Object[] {"status", 1},
                new Object[] {"status", List.of("LEAD")},
                new Object[] {"companySize", "HUGE"},
                new Object[] {"companySize", 2},
                new Object[] {"expectedSignDate", "yesterday"},
                new Object[] {"expectedSignDate", "2027-02-30"},
                new Object[] {"expectedSignDate", "31/03/2027"},
                new Object[] {"expectedSignDate", 20270331},
                new Object[] {"notes", Map.of()});
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            for (Object[] v : values) {
                cases.add(Arguments.of(write, v[0], v[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("wrongTypes")
    void aWrongTypeOrValueIs400NamingTheField(Write write, String field, Object value) {
        Target target = new Target(write);
        Map<String, Object> body = Customers.body(Org.unique("类型"));
        body.put(field, value);
        invalidField(target.send(body), field);
        target.assertNothingChanged();
    }

    static Stream<Arguments> invalidValues() {
        List<Object[]> values = List.of(
                new Object[] {"creditCode", "91350100M000100Y44", "creditCode"},
                new Object[] {"creditCode", "91350100M000100Y4", "creditCode"},
                new Object[] {"creditCode", "91350100M000100Y433", "creditCode"},
                new Object[] {"creditCode", "9135010OM000100Y43", "creditCode"},
                new Object[] {"creditCode", "", "creditCode"},
                new Object[] {"name", "x".repeat(201), "name"},
                new Object[] {"name", "客".repeat(201), "name"},
                new Object[] {"name", "", "name"},
                new Object[] {"name", "   ", "name"},
                new Object[] {"name", null, "name"},
                new Object[] {"status", null, "status"},
                new Object[] {"notes", "n".repeat(10_001), "notes"},
                new Object[] {"website", "w".repeat(501), "website"},
                new Object[] {"city", "城".repeat(51), "city"},
                new Object[] {"phones", List.of("call me"), "phones[0]"},
                new Object[] {"phones", List.of("138 0013 8000", ""), "phones[1]"},
                new Object[] {"phones", java.util.Collections.nCopies(11, "138 0013 8000"), "phones"},
                new Object[] {"emails", List.of("not-an-email"), "emails[0]"},
                new Object[] {"tags", java.util.Collections.nCopies(21, "t"), "tags"},
                new Object[] {"tags", List.of("t".repeat(51)), "tags[0]"});
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            for (Object[] v : values) {
                cases.add(Arguments.of(write, v[0], v[1], v[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> error on {3}")
    @MethodSource("invalidValues")
    void anInvalidValueIs400NamingTheField(Write write, String field, Object value, String errorField) {
        Target target = new Target(write);
        Map<String, Object> body = Customers.body(Org.unique("无效"));
        body.put(field, value);
        invalidField(target.send(body), errorField);
        target.assertNothingChanged();
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        Org.Person rep = Org.rep();
        Map<String, Object> body = Customers.body("客".repeat(200));
        body.put("notes", "记".repeat(10_000));
        body.put("city", "城".repeat(50));
        body.put("creditCode", " 91350100m000100y43 ");
        String id = Api.as(rep.auth()).body(body).post(CUSTOMERS).then().statusCode(201)
                .body("name", equalTo("客".repeat(200)))
                .body("notes", equalTo("记".repeat(10_000)))
                .body("creditCode", equalTo("91350100M000100Y43"))
                .extract().path("id");
        body.put("name", "x".repeat(200));
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(customer(id)).then().statusCode(200)
                .body("name", equalTo("x".repeat(200)));
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void aBodyOver256KbIs413ProblemJson(Write write) {
        Target target = new Target(write);
        Map<String, Object> body = Customers.body(Org.unique("超大"));
        body.put("notes", "n".repeat(300 * 1024));
        // checked without the contract filter first, so the failure says exactly what is wrong
        var raw = io.restassured.RestAssured.given().header("Authorization", target.rep.auth())
                .contentType("application/json").header("If-Match", "\"0\"").body(json(body));
        var response = write == Write.POST ? raw.post(CUSTOMERS) : raw.put(customer(target.id));
        assertEquals(413, response.statusCode());
        String contentType = response.contentType() == null ? "" : response.contentType();
        assertEquals(PROBLEM_JSON, contentType.split(";")[0], "413 must be application/problem+json, body was '"
                + response.asString() + "'");
        problem(target.send(body), 413, "urn:problem:crm:payload-too-large");
        target.assertNothingChanged();
    }

    // ---- path and query ----

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "0b4f7c1e2a574a579c437b1c0d7f8d11", "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d1z",
            "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d11a", "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d1"})
    void aMalformedIdInThePathIs400(String bad) {
        Org.Person rep = Org.rep();
        invalidField(Api.as(rep.auth()).get(customer(bad)).then(), "id");
        invalidField(Api.as(rep.auth()).header("If-Match", "\"0\"").body(Customers.body("x")).put(customer(bad))
                .then(), "id");
        invalidField(Api.as(rep.auth()).post(customer(bad) + "/archive").then(), "id");
        invalidField(Api.as(rep.auth()).post(customer(bad) + "/restore").then(), "id");
        invalidField(Api.as(rep.auth()).get(customer(bad) + "/history").then(), "id");
        invalidField(Api.as(rep.auth()).get(customer(bad) + "/contacts").then(), "id");
        invalidField(Api.as(rep.auth()).body(Map.of("name", "王芳")).post(customer(bad) + "/contacts").then(), "id");
        String real = create(rep.auth(), Customers.body(Org.unique("路径")));
        invalidField(Api.as(rep.auth()).get(customer(real) + "/contacts/" + bad).then(), "contactId");
        assertEquals(List.of(real), ownIds(rep.auth()));
    }

    static Stream<Arguments> badQueryValues() {
        return Stream.of(
                Arguments.of("includeArchived", "maybe"),
                Arguments.of("includeArchived", "1"),
                Arguments.of("status", "NOPE"),
                Arguments.of("status", "lead"),
                Arguments.of("updatedSince", "yesterday"),
                Arguments.of("updatedSince", "2026-01-31"),
                Arguments.of("updatedSince", "1700000000"),
                Arguments.of("ownerId", "not-a-uuid"),
                Arguments.of("ownerId", "ME"),
                Arguments.of("limit", "abc"),
                Arguments.of("limit", "1.5"),
                Arguments.of("limit", "0"),
                Arguments.of("limit", "201"),
                Arguments.of("cursor", "garbage"),
                Arguments.of("q", "q".repeat(101)),
                Arguments.of("city", "城".repeat(51)),
                Arguments.of("industry", "i".repeat(101)),
                Arguments.of("tag", "t".repeat(51)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badQueryValues")
    void aBadQueryValueIs400NamingTheParameter(String parameter, String value) {
        Org.Person rep = Org.rep();
        invalidField(Api.as(rep.auth()).queryParam(parameter, value).get(CUSTOMERS).then(), parameter);
    }

    @Test
    void aBadHistoryLimitOrCursorIs400() {
        Org.Person rep = Org.rep();
        String id = create(rep.auth(), Customers.body(Org.unique("历史参数")));
        invalidField(Api.as(rep.auth()).queryParam("limit", 0).get(customer(id) + "/history").then(), "limit");
        invalidField(Api.as(rep.auth()).queryParam("cursor", "garbage").get(customer(id) + "/history").then(),
                "cursor");
        // a customer-list cursor is not a history cursor
        String listCursor = new io.github.crmvault.common.paging.Cursor(java.time.Instant.now(),
                java.util.UUID.randomUUID()).encode();
        invalidField(Api.as(rep.auth()).queryParam("cursor", listCursor).get(customer(id) + "/history").then(),
                "cursor");
        Api.as(rep.auth()).get(customer(id) + "/history").then().statusCode(200).body("items.size()", is(1));
    }
}
