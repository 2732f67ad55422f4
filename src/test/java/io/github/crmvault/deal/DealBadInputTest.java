package io.github.crmvault.deal;

import static io.github.crmvault.deal.DealTestSupport.customerDue;
import static io.github.crmvault.deal.DealTestSupport.deals;
import static io.github.crmvault.deal.DealTestSupport.today;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed deal is a 400 naming the field, never a 500, and records nothing. */
@QuarkusTest
class DealBadInputTest {
    /** One rep and customer for the whole table, made on first use (the application is up by then). */
    private static Org.Person rep;
    private static String customerId;

    private static synchronized void customer() {
        if (rep == null) {
            rep = Org.rep();
            customerId = customerDue(rep.auth(), null);
        }
    }

    /** Raw JSON values, so that strings, exponents and too many decimals reach the server as typed. */
    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("amount", "\"0\""),
                Arguments.of("amount", "\"-5\""),
                Arguments.of("amount", "\"1.234\""),
                Arguments.of("amount", "\"1000000000000\""),
                Arguments.of("amount", "1e13"),
                Arguments.of("amount", "\"1e3\""),
                Arguments.of("amount", "\" 100\""),
                Arguments.of("amount", "null"),
                // A JSON number is refused, whatever its value: amounts are decimal strings.
                Arguments.of("amount", "100"),
                Arguments.of("amount", "19.99"),
                Arguments.of("amount", "{}"),
                Arguments.of("currency", "\"cny\""),
                Arguments.of("currency", "\"CN\""),
                Arguments.of("currency", "\"QQQ\""),
                Arguments.of("currency", "null"),
                Arguments.of("currency", "12"),
                Arguments.of("signedOn", "\"" + today().plusDays(1) + "\""),
                Arguments.of("signedOn", "\"" + today().minusYears(10).minusDays(1) + "\""),
                Arguments.of("signedOn", "\"2026-02-30\""),
                Arguments.of("signedOn", "\"yesterday\""),
                Arguments.of("signedOn", "null"),
                Arguments.of("product", "\"   \""),
                Arguments.of("product", "\"" + "x".repeat(201) + "\""),
                Arguments.of("product", "null"));
    }

    @ParameterizedTest(name = "{0} = {1} -> 400")
    @MethodSource("badFields")
    void aBadFieldIsA400NamingIt(String field, String rawValue) {
        customer();
        Map<String, String> fields = new HashMap<>(Map.of("amount", "\"99.90\"", "currency", "\"CNY\"",
                "signedOn", "\"" + today() + "\"", "product", "\"年度订阅\""));
        fields.put(field, rawValue);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        json.append('}');
        Problems.invalidField(Api.as(rep.auth()).body(json.toString()).post(deals(customerId)), field);
        Api.as(rep.auth()).get(deals(customerId)).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void theLargestAmountAndTheOldestDayAreAccepted() {
        Org.Person owner = Org.rep();
        String id = customerDue(owner.auth(), null);
        Api.as(owner.auth()).body("{\"amount\":\"999999999999.99\",\"currency\":\"USD\",\"signedOn\":\""
                        + today().minusYears(10) + "\",\"product\":\"x\"}")
                .post(deals(id)).then().statusCode(201);
    }

    @Test
    void aMissingOrMalformedBodyIsA400() {
        customer();
        Problems.expect(Api.as(rep.auth()).post(deals(customerId)), 400, "validation");
        Problems.expect(Api.as(rep.auth()).body("{\"amount\":").post(deals(customerId)), 400, "malformed-body");
        // Server-owned fields are refused, not ignored.
        Problems.invalidField(Api.as(rep.auth()).body("{\"amount\":\"1\",\"currency\":\"CNY\",\"signedOn\":\"" + today()
                + "\",\"product\":\"x\",\"ownerId\":\"" + rep.id() + "\"}").post(deals(customerId)), "ownerId");
    }
}
