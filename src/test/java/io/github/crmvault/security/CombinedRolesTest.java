package io.github.crmvault.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token that adds {@code integration} to {@code sales} or {@code manager} sees everything, but
 * changes only what the caller's own ownership and management allow: integration never widens writes.
 */
@QuarkusTest
class CombinedRolesTest {
    private static final String NOTES = "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(5);

    private static String customer(String id) {
        return "/api/v1/customers/" + id;
    }

    private static String etag(String auth, String path) {
        return Api.as(auth).get(path).then().statusCode(200).extract().header("ETag");
    }

    private static Map<String, Object> visit() {
        return Map.of("visitedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "channel", "ON_SITE", "notes", NOTES);
    }

    private static Map<String, Object> deal() {
        return Map.of("amount", "1000.00", "currency", "CNY",
                "signedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(), "product", "CRM");
    }

    /** Every write a rep or manager could attempt on another region's customer is 403, and nothing changes. */
    private static void cannotChange(String auth, String customerId, String contactId) {
        String path = customer(customerId);
        Problems.forbidden(Api.as(auth).header("If-Match", etag(Org.ADMIN, path)).body(Customers.body("改名"))
                .put(path)).body("detail", containsString("not change"));
        Problems.forbidden(Api.as(auth).post(path + "/archive"));
        Problems.forbidden(Api.as(auth).body(Map.of("name", "王芳")).post(path + "/contacts"));
        String contact = path + "/contacts/" + contactId;
        Problems.forbidden(Api.as(auth).header("If-Match", etag(Org.ADMIN, contact)).body(Map.of("name", "李雷"))
                .put(contact));
        Problems.forbidden(Api.as(auth).body(visit()).post(path + "/visits"));
        Problems.forbidden(Api.as(auth).body(deal()).post(path + "/deals"));
        Problems.forbidden(Api.as(auth).body(Map.of("reason", "想要")).post(path + "/release"));

        // The caller still reads it all, and it is untouched.
        Api.as(auth).get(path).then().statusCode(200)
                .body("version", equalTo(0)).body("status", equalTo("LEAD")).body("archived", equalTo(false));
        Api.as(auth).get(path + "/contacts").then().statusCode(200).body("items.size()", equalTo(1));
        Api.as(auth).get(path + "/visits").then().statusCode(200).body("items", empty());
        Api.as(auth).get(path + "/deals").then().statusCode(200).body("items", empty());
    }

    private static String contactOf(String auth, String customerId) {
        return Api.as(auth).body(Map.of("name", "张伟")).post(customer(customerId) + "/contacts")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void aRepWithIntegrationSeesAnotherRegionButChangesOnlyTheirOwn() {
        Region mine = Region.create();
        Region other = Region.create();
        String foreign = Customers.create(other.rep().auth(), Org.unique("别区客户"));
        String foreignContact = contactOf(other.rep().auth(), foreign);
        String combined = Tokens.bearer(mine.rep().login(), "sales", "integration");

        cannotChange(combined, foreign, foreignContact);

        // Its own customers it changes as before.
        String own = Customers.create(combined, Org.unique("自己的客户"));
        Api.as(combined).header("If-Match", etag(combined, customer(own))).body(Customers.body("自己的客户改名"))
                .put(customer(own)).then().statusCode(200);
        contactOf(combined, own);
        Api.as(combined).body(visit()).post(customer(own) + "/visits").then().statusCode(201);
        Api.as(combined).body(deal()).post(customer(own) + "/deals").then().statusCode(201);
    }

    @Test
    void aManagerWithIntegrationChangesTheirTeamsCustomersOnly() {
        Region mine = Region.create();
        Region other = Region.create();
        String foreign = Customers.create(other.rep().auth(), Org.unique("别区客户"));
        String foreignContact = contactOf(other.rep().auth(), foreign);
        String combined = Tokens.bearer(mine.manager().login(), "manager", "integration");

        cannotChange(combined, foreign, foreignContact);
        Problems.forbidden(Api.as(combined).body(Map.of("toUserId", mine.rep().id(), "reason", "抢过来"))
                .post(customer(foreign) + "/transfer"));
        Api.as(combined).get(customer(foreign)).then().statusCode(200).body("ownerId", equalTo(other.rep().id()));

        // The customers of the people they manage stay theirs to change.
        String team = Customers.create(mine.rep().auth(), Org.unique("本区客户"));
        Api.as(combined).header("If-Match", etag(combined, customer(team))).body(Customers.body("本区客户改名"))
                .put(customer(team)).then().statusCode(200);
        contactOf(combined, team);
        Api.as(combined).body(Map.of("toUserId", mine.colleague().id(), "reason", "调整"))
                .post(customer(team) + "/transfer").then().statusCode(200);
    }

    @Test
    void aPureIntegrationTokenStillReadsEverythingAndWritesNothing() {
        Region other = Region.create();
        String foreign = Customers.create(other.rep().auth(), Org.unique("别区客户"));
        String login = Org.unique("etl");
        Org.user(login, null);
        String integration = Tokens.bearer(login, "integration");

        Api.as(integration).get(customer(foreign)).then().statusCode(200);
        Problems.forbidden(Api.as(integration).body(Customers.body(Org.unique("新客户"))).post("/api/v1/customers"));
        Problems.forbidden(Api.as(integration).header("If-Match", "\"0\"").body(Customers.body("改名"))
                .put(customer(foreign)));
        Problems.forbidden(Api.as(integration).body(visit()).post(customer(foreign) + "/visits"));
        Problems.forbidden(Api.as(integration).body(deal()).post(customer(foreign) + "/deals"));
    }
}
