package io.github.crmvault.conflict;

import static io.github.crmvault.conflict.ConflictCheckTest.check;
import static io.github.crmvault.conflict.ConflictCheckTest.chineseName;
import static io.github.crmvault.conflict.ConflictCheckTest.create;
import static io.github.crmvault.conflict.ConflictCheckTest.duplicate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Variants of a company held by another rep that conflict checks recognise since issue 13 §5:
 * Traditional characters, branch offices, English region words, sub-domains and contacts' mobiles;
 * and unrelated companies sharing region or branch words that stay CLEAR.
 */
@QuarkusTest
class ConflictVariantsTest {
    static final String CUSTOMERS = "/api/v1/customers";

    /** An English word no other test uses. */
    private static String word() {
        StringBuilder word = new StringBuilder("Zq");
        ThreadLocalRandom.current().ints(8, 'a', 'z' + 1).forEach(c -> word.append((char) c));
        return word.toString();
    }

    private static Map<String, Object> named(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        return body;
    }

    /** The one match of the answer, which must be the customer with that name. */
    private static Map<String, Object> onlyMatch(JsonPath answer, String name) {
        List<Map<String, Object>> matches = answer.getList("matches");
        assertEquals(List.of(name), matches.stream().map(m -> m.get("name")).toList(), () -> answer.prettify());
        return matches.get(0);
    }

    @Test
    void traditionalCharactersAreTheSimplifiedCompany() {
        String held = "杭州云栖" + chineseName() + "网络科技有限公司";
        create(Org.rep().auth(), Customers.body(held));
        String traditional = held.replace("杭州", "杭州市").replace("网络", "網絡").replace("云栖", "雲棲");
        JsonPath answer = check(Org.rep().auth(), named(traditional));
        assertEquals("BLOCKED", answer.getString("decision"));
        assertEquals(List.of("NAME"), onlyMatch(answer, held).get("matchedKeys") instanceof List<?> keys
                ? keys.stream().map(k -> ((Map<?, ?>) k).get("kind")).toList() : null);
    }

    @Test
    void aBranchOfAHeldCompanyWarnsWithTheRelationshipAndIsNeverBlockedByIt() {
        Org.Person holder = Org.rep();
        Org.Person other = Org.rep();
        String trade = chineseName();
        String parent = "杭州" + trade + "科技有限公司";
        create(holder.auth(), Customers.body(parent));
        for (String branch : List.of(trade + "科技有限公司滨江分公司", trade + "科技公司北京分公司", trade + "科技上海办事处",
                trade + "科技有限公司（西湖分公司）")) {
            JsonPath answer = check(other.auth(), named(branch));
            assertEquals("WARNING", answer.getString("decision"), branch);
            Map<String, Object> match = onlyMatch(answer, parent);
            assertEquals("BRANCH_OF", match.get("relationship"), branch);
            assertEquals(List.of(), match.get("matchedKeys"));
        }
        // Creating the branch asks for acknowledgeSimilar, as a similar name does, and then goes ahead.
        String branch = trade + "科技有限公司滨江分公司";
        duplicate(Api.as(other.auth()).body(Customers.body(branch)).post(CUSTOMERS), "WARNING");
        Api.as(other.auth()).queryParam("acknowledgeSimilar", "true").body(Customers.body(branch)).post(CUSTOMERS)
                .then().statusCode(201);
        // The same branch spelled otherwise is the same branch: BLOCKED by its own name.
        assertEquals("BLOCKED", check(Org.rep().auth(), named(trade + "科技有限公司濱江分公司"))
                .getString("decision"));
    }

    @Test
    void aCompanyWhoseBranchIsHeldWarnsWithTheReverseRelationship() {
        String trade = chineseName();
        String branch = trade + "科技有限公司北京分公司";
        create(Org.rep().auth(), Customers.body(branch));
        JsonPath answer = check(Org.rep().auth(), named("浙江" + trade + "科技股份有限公司"));
        assertEquals("WARNING", answer.getString("decision"));
        assertEquals("PARENT_OF", onlyMatch(answer, branch).get("relationship"));
        // Another office of the same company is no relationship of the held one.
        JsonPath sibling = check(Org.rep().auth(), named(trade + "科技有限公司上海分公司"));
        assertEquals(List.of(), sibling.getList("matches.relationship").stream().filter(r -> r != null).toList());
    }

    @Test
    void englishRegionWordsAreStrippedAsChineseOnesAre() {
        String word = word();
        String held = word + " Technology Co., Ltd.";
        create(Org.rep().auth(), Customers.body(held));
        for (String variant : List.of("Beijing " + word + " Technology Limited", word + " Technology (Shanghai) Co., Ltd.",
                "HANGZHOU " + word.toUpperCase() + " TECHNOLOGY", word + " Technology Shenzhen Ltd")) {
            JsonPath answer = check(Org.rep().auth(), named(variant));
            assertEquals("BLOCKED", answer.getString("decision"), variant);
            onlyMatch(answer, held);
        }
    }

    @Test
    void subDomainsAreTheRegistrableDomain() {
        String domain = Customers.domain();
        String held = Customers.nameWith("子域名");
        Map<String, Object> body = Customers.body(held);
        body.put("emails", List.of("sales@" + domain));
        create(Org.rep().auth(), body);
        for (Map<String, Object> probe : List.of(Map.<String, Object>of("emails", List.of("li@mail." + domain)),
                Map.<String, Object>of("website", "https://shop.cn." + domain + "/about"),
                Map.<String, Object>of("website", "http://www." + domain))) {
            JsonPath answer = check(Org.rep().auth(), probe);
            assertEquals("BLOCKED", answer.getString("decision"), probe.toString());
            assertEquals(List.of(Map.of("kind", "DOMAIN", "value", domain)), onlyMatch(answer, held).get("matchedKeys"));
        }
        // Free mail stays no key, whatever its host.
        assertEquals(List.of(), check(Org.rep().auth(), Map.of("emails", List.of("a@vip.qq.com"), "name", Customers.nameWith("自由")))
                .getList("checkedKeys.kind").stream().filter("DOMAIN"::equals).toList());
    }

    @Test
    void aContactsMobileIsAKeyOfItsCustomerWhileTheContactIsLive() {
        Org.Person holder = Org.rep();
        Org.Person other = Org.rep();
        String held = Customers.nameWith("联系人手机");
        String customer = create(holder.auth(), Customers.body(held));
        String mobile = Customers.phone();
        String contacts = CUSTOMERS + "/" + customer + "/contacts";
        String contact = Api.as(holder.auth()).body(Map.of("name", "王总", "phones", List.of(mobile),
                "decisionRole", "DECISION_MAKER")).post(contacts).then().statusCode(201).extract().path("id");
        String typedOtherwise = "+86 " + mobile.replace(" ", "-");

        JsonPath answer = check(other.auth(), Map.of("phones", List.of(typedOtherwise)));
        assertEquals("BLOCKED", answer.getString("decision"));
        Map<String, Object> match = onlyMatch(answer, held);
        assertNull(match.get("customerId")); // not the checker's to see: the holder is named instead
        assertEquals("User " + holder.login(), ((Map<?, ?>) match.get("holder")).get("displayName"));

        // The same person added to another customer is refused, as a customer with that phone would be.
        String mine = create(other.auth(), Customers.body(Customers.nameWith("另一家")));
        Api.as(other.auth()).body(Map.of("name", "王总", "phones", List.of(mobile)))
                .post(CUSTOMERS + "/" + mine + "/contacts").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.equalTo("urn:problem:crm:conflict"))
                .body("detail", org.hamcrest.Matchers.containsString("conflict key of another live customer"));

        String path = contacts + "/" + contact;
        Api.as(holder.auth()).post(path + "/archive").then().statusCode(200);
        assertEquals("CLEAR", check(other.auth(), Map.of("phones", List.of(mobile))).getString("decision"));
        Api.as(holder.auth()).post(path + "/restore").then().statusCode(200);
        assertEquals("BLOCKED", check(other.auth(), Map.of("phones", List.of(mobile))).getString("decision"));

        String newMobile = Customers.phone();
        Api.as(holder.auth()).header("If-Match", "\"2\"").body(Map.of("name", "王总", "phones", List.of(newMobile)))
                .put(path).then().statusCode(200);
        assertEquals("CLEAR", check(other.auth(), Map.of("phones", List.of(mobile))).getString("decision"));
        assertEquals("BLOCKED", check(other.auth(), Map.of("phones", List.of(newMobile))).getString("decision"));

        Api.as(Org.ADMIN).body(Map.of("reason", "本人要求删除")).post(path + "/erase").then().statusCode(200);
        assertEquals("CLEAR", check(other.auth(), Map.of("phones", List.of(newMobile))).getString("decision"));
    }

    @Test
    void mergedContactsMobilesBecomeTheSurvivorsKeys() {
        Org.Person rep = Org.rep();
        String survivorName = Customers.nameWith("合并留存");
        String survivor = create(rep.auth(), Customers.body(survivorName));
        String duplicate = create(rep.auth(), Customers.body(Customers.nameWith("合并重复")));
        String mobile = Customers.phone();
        Api.as(rep.auth()).body(Map.of("name", "李经理", "phones", List.of(mobile))).post(CUSTOMERS + "/" + duplicate + "/contacts")
                .then().statusCode(201);
        Api.as(Org.ADMIN).body(Map.of("survivorId", survivor, "reason", "同一家公司")).post(CUSTOMERS + "/" + duplicate + "/merge")
                .then().statusCode(200);
        JsonPath answer = check(rep.auth(), Map.of("phones", List.of(mobile)));
        assertEquals("BLOCKED", answer.getString("decision"));
        assertEquals(survivor, onlyMatch(answer, survivorName).get("customerId"));
    }

    @Test
    void unrelatedCompaniesSharingRegionAndBranchWordsStayClear() {
        create(Org.rep().auth(), Customers.body(chineseName() + "科技有限公司北京分公司"));
        create(Org.rep().auth(), Customers.body("Beijing " + word() + " Trading Co., Ltd."));
        for (String name : List.of(chineseName() + "餐饮有限公司北京分公司", chineseName() + "科技北京分公司",
                "Beijing " + word() + " Consulting Ltd",
                "Shanghai " + chineseName() + " Limited")) {
            JsonPath answer = check(Org.rep().auth(), named(name));
            assertEquals("CLEAR", answer.getString("decision"), () -> name + ": " + answer.prettify());
        }
    }
}
