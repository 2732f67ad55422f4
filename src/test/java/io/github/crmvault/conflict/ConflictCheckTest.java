package io.github.crmvault.conflict;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /conflict-checks, and the same checks refusing creates, updates and restores of customers. */
@QuarkusTest
class ConflictCheckTest {
    static final String CHECKS = "/api/v1/conflict-checks";
    static final String CUSTOMERS = "/api/v1/customers";

    @Inject
    ConflictService service;

    /**
     * A six-character Chinese trade name no other test uses, of six different characters: short enough
     * that trigrams miss a typo in it. Without 市, which after a leading city would be taken for its end.
     */
    static String chineseName() {
        StringBuilder name = new StringBuilder();
        while (name.length() < 6) {
            char c = (char) ThreadLocalRandom.current().nextInt(0x5000, 0x6000);
            if (c != '市' && name.indexOf(String.valueOf(c)) < 0) {
                name.append(c);
            }
        }
        return name.toString();
    }

    static JsonPath check(String auth, Map<String, Object> body) {
        return Api.as(auth).body(body).post(CHECKS).then().statusCode(200).extract().jsonPath();
    }

    static String create(String auth, Map<String, Object> body) {
        return Api.as(auth).body(body).post(CUSTOMERS).then().statusCode(201).extract().path("id");
    }

    /** A 409 duplicate-customer with the decision and at least one conflict. */
    static ValidatableResponse duplicate(Response response, String decision) {
        return Problems.expect(response, 409, "duplicate-customer").body("decision", equalTo(decision))
                .body("conflicts", not(empty()));
    }

    static Map<String, Object> withPhone(Map<String, Object> body, String phone) {
        body.put("phones", List.of(phone));
        return body;
    }

    @Test
    void aNewCompanyIsClearAndTheKeysCheckedAreNamed() {
        Org.Person rep = Org.rep();
        String phone = Customers.phone();
        String domain = Customers.domain();
        String code = Customers.creditCode();
        JsonPath answer = check(rep.auth(), Map.of("name", "杭州" + chineseName() + "有限公司", "phones", List.of(phone),
                "emails", List.of("wang@" + domain, "boss@qq.com"), "website", "https://www." + domain + "/about",
                "creditCode", code));
        assertEquals("CLEAR", answer.getString("decision"));
        assertEquals(List.of(), answer.getList("matches"));
        // the free-mail address yields no key; the e-mail domain and the website are one key
        assertEquals(List.of("CREDIT_CODE", "PHONE", "DOMAIN", "NAME"), answer.getList("checkedKeys.kind"));
        assertEquals(List.of(code, phone.replace(" ", ""), domain), answer.getList("checkedKeys.value").subList(0, 3));
    }

    static Stream<Arguments> exactKeys() {
        return Stream.of(
                Arguments.of("phone as typed elsewhere", "PHONE"),
                Arguments.of("credit code in lower case", "CREDIT_CODE"),
                Arguments.of("e-mail domain", "DOMAIN"),
                Arguments.of("website of the e-mail domain", "DOMAIN"),
                Arguments.of("name with another region, suffix, brackets, width and spacing", "NAME"));
    }

    @ParameterizedTest(name = "{0} -> BLOCKED")
    @MethodSource("exactKeys")
    void anExactKeyOfALiveCustomerBlocks(String what, String kind) {
        Org.Person rep = Org.rep();
        String trade = chineseName();
        String phone = Customers.phone();
        String code = Customers.creditCode();
        String domain = Customers.domain();
        Map<String, Object> existing = Customers.body("杭州" + trade + "科技有限公司");
        existing.put("phones", List.of(phone));
        existing.put("creditCode", code);
        existing.put("emails", List.of("sales@" + domain));
        existing.put("website", "https://www." + domain);
        existing.put("notes", "预算 50 万");
        String id = create(rep.auth(), existing);

        Map<String, Object> probe = new HashMap<>();
        switch (what) {
            case "phone as typed elsewhere" -> probe.put("phones", List.of("+86-" + phone.replace(" ", "-")));
            case "credit code in lower case" -> probe.put("creditCode", code.toLowerCase(Locale.ROOT));
            case "e-mail domain" -> probe.put("emails", List.of("Someone.Else@" + domain.toUpperCase(Locale.ROOT)));
            case "website of the e-mail domain" -> probe.put("website", "http://" + domain + ":80/contact");
            default -> probe.put("name", "浙江省杭州市 " + trade + "科技（杭州）股份有限公司");
        }
        JsonPath answer = check(rep.auth(), probe);
        assertEquals("BLOCKED", answer.getString("decision"));
        assertEquals(1, answer.getList("matches").size());
        assertEquals(id, answer.getString("matches[0].customerId"), "the rep's own customer is named");
        assertEquals(existing.get("name"), answer.getString("matches[0].name"));
        assertEquals(List.of(kind), answer.getList("matches[0].matchedKeys.kind"));
        assertEquals("LEAD", answer.getString("matches[0].status"));
        assertEquals(false, answer.getBoolean("matches[0].holder.pool"));
        assertEquals("User " + rep.login(), answer.getString("matches[0].holder.displayName"));
        if (kind.equals("NAME")) {
            assertEquals(1.0, answer.getDouble("matches[0].nameSimilarity"));
        }
    }

    @Test
    void anotherRepsCustomerIsNamedWithItsHolderButNothingElse() {
        String team = Org.team(Org.unique("东区"), null, null);
        Org.Person owner = OrgAdmin.person(team, "sales");
        Org.Person asker = Org.rep();
        String phone = Customers.phone();
        Map<String, Object> body = withPhone(Customers.body(Customers.nameWith("保密客户")), phone);
        body.put("notes", "secret notes");
        String id = create(owner.auth(), body);
        Api.as(owner.auth()).body(Map.of("name", "王芳")).post(CUSTOMERS + "/" + id + "/contacts").then().statusCode(201);

        JsonPath answer = check(asker.auth(), Map.of("phones", List.of(phone)));
        assertEquals("BLOCKED", answer.getString("decision"));
        Map<String, Object> match = answer.getMap("matches[0]");
        assertEquals(Set.of("name", "matchedKeys", "status", "holder"), match.keySet(), "no id, notes or contacts");
        assertEquals(body.get("name"), match.get("name"));
        assertEquals(Map.of("pool", false, "displayName", "User " + owner.login(), "teamName", teamName(team)),
                match.get("holder"));
        // an admin sees it: the id is there
        assertEquals(id, check(Org.ADMIN, Map.of("phones", List.of(phone))).getString("matches[0].customerId"));
    }

    private static String teamName(String teamId) {
        return Api.as(Org.ADMIN).get("/api/v1/teams/" + teamId).then().statusCode(200).extract().path("name");
    }

    @Test
    void aPoolCustomerIsHeldByThePoolAndVisibleToEveryRep() {
        Org.Person rep = Org.rep();
        String phone = Customers.phone();
        String id = create(Org.ADMIN, withPhone(Customers.body(Customers.nameWith("公海查重")), phone));
        JsonPath answer = check(rep.auth(), Map.of("phones", List.of(phone)));
        assertEquals(id, answer.getString("matches[0].customerId"));
        assertEquals(Map.of("pool", true), answer.getMap("matches[0].holder"));
    }

    @Test
    void similarNamesWarnWithTheirScore() {
        Org.Person rep = Org.rep();
        String token = Org.unique("yq").replace("-", "");
        String id = create(rep.auth(), Customers.body("杭州" + token + "网络科技有限公司"));
        JsonPath answer = check(rep.auth(), Map.of("name", token + "网络科技服务有限公司"));
        assertEquals("WARNING", answer.getString("decision"));
        assertEquals(id, answer.getString("matches[0].customerId"));
        assertEquals(List.of(), answer.getList("matches[0].matchedKeys"));
        double score = answer.getDouble("matches[0].nameSimilarity");
        assertTrue(score >= 0.55 && score < 1, "trigram similarity " + score);
    }

    @Test
    void aOneCharacterTypoInAShortChineseNameWarns() {
        Org.Person rep = Org.rep();
        String name = chineseName();
        String typo = name.substring(0, 4) + '料' + name.substring(5);
        String swapped = name.substring(0, 2) + name.charAt(3) + name.charAt(2) + name.substring(4);
        String id = create(rep.auth(), Customers.body("杭州" + name + "有限公司"));
        for (String probe : List.of(typo, swapped, name.substring(1), name + "网")) {
            JsonPath answer = check(rep.auth(), Map.of("name", "上海" + probe + "有限公司"));
            assertEquals("WARNING", answer.getString("decision"), probe);
            assertEquals(id, answer.getString("matches[0].customerId"), probe);
            assertTrue(answer.getDouble("matches[0].nameSimilarity") >= 0.8, probe);
        }
        // two edits away is no typo
        String twoEdits = name.substring(0, 1) + "料料" + name.substring(3);
        assertEquals("CLEAR", check(rep.auth(), Map.of("name", twoEdits)).getString("decision"));
    }

    @Test
    void aCharacterMissingFromAFourCharacterNameWarns() {
        // The three-character name has no deletion variants of its own; it is one of the four-character name's.
        Org.Person rep = Org.rep();
        String name = chineseName().substring(0, 4);
        String id = create(rep.auth(), Customers.body("杭州" + name + "有限公司"));
        for (String probe : List.of(name.substring(1), name.substring(0, 2) + name.substring(3))) {
            JsonPath answer = check(rep.auth(), Map.of("name", "上海" + probe + "有限公司"));
            assertEquals("WARNING", answer.getString("decision"), probe);
            assertEquals(id, answer.getString("matches[0].customerId"), probe);
        }
    }

    @Test
    void aRenamedCustomerIsFoundByATypoOfItsNewNameOnly() {
        // The variant rows carry the name the typo is verified against (V35): a rename rewrites them.
        Org.Person rep = Org.rep();
        String before = chineseName();
        String after = chineseName();
        Map<String, Object> body = Customers.body("杭州" + before + "有限公司");
        String id = create(rep.auth(), body);
        body.put("name", "杭州" + after + "有限公司");
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(CUSTOMERS + "/" + id).then().statusCode(200);

        JsonPath answer = check(rep.auth(), Map.of("name", after.substring(0, 4) + '料' + after.substring(5)));
        assertEquals("WARNING", answer.getString("decision"));
        assertEquals(id, answer.getString("matches[0].customerId"));
        String oldTypo = before.substring(0, 4) + '料' + before.substring(5);
        assertEquals("CLEAR", check(rep.auth(), Map.of("name", oldTypo)).getString("decision"));
    }

    @Test
    void aCreateIsRefusedOnAnExactKeyAndNothingIsCreated() {
        Org.Person rep = Org.rep();
        Org.Person other = Org.rep();
        String phone = Customers.phone();
        String id = create(other.auth(), withPhone(Customers.body(Customers.nameWith("先到")), phone));

        Map<String, Object> body = withPhone(Customers.body(Customers.nameWith("后到")), "0086 " + phone);
        duplicate(Api.as(rep.auth()).body(body).post(CUSTOMERS), "BLOCKED")
                .body("conflicts[0].matchedKeys.kind", contains("PHONE"))
                .body("conflicts[0]", not(hasKey("customerId")))
                .body("conflicts[0].holder.displayName", equalTo("User " + other.login()));
        // acknowledging similar names does not override an exact key
        duplicate(Api.as(rep.auth()).queryParam("acknowledgeSimilar", true).body(body).post(CUSTOMERS), "BLOCKED");
        Api.as(rep.auth()).queryParam("ownerId", "me").get(CUSTOMERS).then().statusCode(200).body("items", empty());
        Api.as(other.auth()).get(CUSTOMERS + "/" + id).then().statusCode(200);
    }

    @Test
    void aSimilarNameIsRefusedUntilAcknowledged() {
        Org.Person rep = Org.rep();
        String token = Org.unique("sim").replace("-", "");
        String first = create(rep.auth(), Customers.body(token + "贸易有限公司"));
        Map<String, Object> body = Customers.body(token + "贸易发展有限公司");

        duplicate(Api.as(rep.auth()).body(body).post(CUSTOMERS), "WARNING")
                .body("conflicts[0].customerId", equalTo(first))
                .body("conflicts[0].matchedKeys", empty());
        Api.as(rep.auth()).queryParam("acknowledgeSimilar", "false").body(body).post(CUSTOMERS).then().statusCode(409);
        String second = Api.as(rep.auth()).queryParam("acknowledgeSimilar", true).body(body).post(CUSTOMERS).then()
                .statusCode(201).extract().path("id");

        // both now exist; a check shows both, the closer first
        JsonPath answer = check(rep.auth(), Map.of("name", token + "贸易发展"));
        assertEquals("BLOCKED", answer.getString("decision"), "the second one's name is now an exact key");
        assertEquals(List.of(second, first), answer.getList("matches.customerId"));
    }

    @Test
    void anUpdateIsCheckedAgainstOthersButNeverItself() {
        Org.Person rep = Org.rep();
        String token = Org.unique("upd").replace("-", "");
        String otherPhone = Customers.phone();
        create(rep.auth(), withPhone(Customers.body(token + "物流有限公司"), otherPhone));
        Map<String, Object> body = Customers.body(Customers.nameWith("改动"));
        String id = create(rep.auth(), body);
        String path = CUSTOMERS + "/" + id;

        // its own keys again: no conflict with itself
        body.put("notes", "第二次拜访");
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(body).put(path).then().statusCode(200).header("ETag", "\"1\"");
        // another customer's phone: refused, nothing changes
        Map<String, Object> taken = new HashMap<>(body);
        taken.put("phones", List.of(otherPhone));
        duplicate(Api.as(rep.auth()).header("If-Match", "\"1\"").body(taken).put(path), "BLOCKED")
                .body("conflicts[0].matchedKeys.kind", contains("PHONE"));
        // a name similar to another customer's: refused until acknowledged
        Map<String, Object> renamed = new HashMap<>(body);
        renamed.put("name", "杭州" + token + "物流服务有限公司");
        duplicate(Api.as(rep.auth()).header("If-Match", "\"1\"").body(renamed).put(path), "WARNING");
        Api.as(rep.auth()).get(path).then().statusCode(200).header("ETag", "\"1\"").body("name", equalTo(body.get("name")));
        Api.as(rep.auth()).header("If-Match", "\"1\"").queryParam("acknowledgeSimilar", "true").body(renamed).put(path)
                .then().statusCode(200);
        // later changes that keep the name do not warn again
        renamed.put("notes", "已确认不是同一家");
        Api.as(rep.auth()).header("If-Match", "\"2\"").body(renamed).put(path).then().statusCode(200);
        // its old name is free again
        assertEquals("CLEAR", check(rep.auth(), Map.of("name", (String) body.get("name"))).getString("decision"));
    }

    @Test
    void archivingFreesTheKeysAndRestoringTakesThemBackUnlessTaken() {
        Org.Person rep = Org.rep();
        String phone = Customers.phone();
        String name = Customers.nameWith("归档释放");
        String old = create(rep.auth(), withPhone(Customers.body(name), phone));
        Api.as(rep.auth()).post(CUSTOMERS + "/" + old + "/archive").then().statusCode(200);
        assertEquals("CLEAR", check(rep.auth(), Map.of("phones", List.of(phone), "name", name)).getString("decision"));

        // the keys are free: a new customer takes the phone
        String successor = create(rep.auth(), withPhone(Customers.body(Customers.nameWith("接手")), phone));
        duplicate(Api.as(rep.auth()).post(CUSTOMERS + "/" + old + "/restore"), "BLOCKED")
                .body("conflicts[0].customerId", equalTo(successor))
                .body("conflicts[0].matchedKeys.kind", contains("PHONE"));
        Api.as(rep.auth()).get(CUSTOMERS + "/" + old).then().statusCode(200).body("archived", equalTo(true));

        // once the successor is archived, the old one comes back with its keys
        Api.as(rep.auth()).post(CUSTOMERS + "/" + successor + "/archive").then().statusCode(200);
        Api.as(rep.auth()).post(CUSTOMERS + "/" + old + "/restore").then().statusCode(200);
        JsonPath answer = check(rep.auth(), Map.of("phones", List.of(phone), "name", name));
        assertEquals(old, answer.getString("matches[0].customerId"));
        assertEquals(List.of("PHONE", "NAME"), answer.getList("matches[0].matchedKeys.kind"));
    }

    @Test
    void anIdempotencyKeyCannotBeReusedToAcknowledge() {
        Org.Person rep = Org.rep();
        String token = Org.unique("idem").replace("-", "");
        create(rep.auth(), Customers.body(token + "建材有限公司"));
        Map<String, Object> body = Customers.body(token + "建材销售有限公司");
        String key = Org.unique("key");
        duplicate(Api.as(rep.auth()).header("Idempotency-Key", key).body(body).post(CUSTOMERS), "WARNING");
        Problems.expect(Api.as(rep.auth()).header("Idempotency-Key", key).queryParam("acknowledgeSimilar", true)
                .body(body).post(CUSTOMERS), 422, "idempotency-key-reused");
        Api.as(rep.auth()).header("Idempotency-Key", Org.unique("key")).queryParam("acknowledgeSimilar", true)
                .body(body).post(CUSTOMERS).then().statusCode(201);
    }

    static Stream<Arguments> badChecks() {
        return Stream.of(
                Arguments.of("{}", null),
                Arguments.of("{\"name\": \"  \", \"phones\": [], \"emails\": []}", null),
                Arguments.of("{\"emails\": [\"a@qq.com\", \"b@163.com\"]}", null),
                Arguments.of("{\"phones\": [\"8888 6666\"]}", null),
                Arguments.of("{\"website\": \"https://weibo.com/acme\"}", null),
                Arguments.of("{\"creditCode\": \"91350100M000100Y44\"}", "creditCode"),
                Arguments.of("{\"phones\": [\"call me\"]}", "phones[0]"),
                Arguments.of("{\"emails\": [\"not-an-email\"]}", "emails[0]"),
                Arguments.of("{\"name\": \"" + "客".repeat(201) + "\"}", "name"),
                Arguments.of("{\"phones\": \"138 0013 8000\"}", "phones"),
                Arguments.of("{\"name\": \"x\", \"notes\": \"y\"}", "notes"),
                Arguments.of("{\"name\": 5}", "name"),
                Arguments.of("[]", null),
                Arguments.of("not json", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChecks")
    void badInputIs400(String body, String field) {
        Org.Person rep = Org.rep();
        ValidatableResponse response = Api.as(rep.auth()).body(body).post(CHECKS).then().statusCode(400)
                .header("Content-Type", org.hamcrest.Matchers.startsWith(Problems.PROBLEM_JSON));
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }
    }

    @Test
    void noBodyAndABadAcknowledgementAre400() {
        Org.Person rep = Org.rep();
        Api.as(rep.auth()).post(CHECKS).then().statusCode(400);
        Problems.invalidField(Api.as(rep.auth()).queryParam("acknowledgeSimilar", "yes")
                .body(Customers.body(Customers.nameWith("坏参数"))).post(CUSTOMERS), "acknowledgeSimilar");
        Api.as(rep.auth()).queryParam("ownerId", "me").get(CUSTOMERS).then().statusCode(200).body("items", empty());
    }

    @Test
    void theTestDatabaseYieldsTrigramsForChinese() {
        assertTrue(service.trigramsWorkForChinese(), "show_trgm('测试') is empty: LC_CTYPE is probably C");
    }
}
