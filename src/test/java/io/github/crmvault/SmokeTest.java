package io.github.crmvault;

import static org.hamcrest.Matchers.equalTo;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SmokeTest {
    @Test
    void repCreatesAndReadsOwnCustomer() {
        Org.Person rep = Org.rep();
        String id = Customers.create(rep.auth(), "杭州测试科技有限公司");
        Api.as(rep.auth()).get("/api/v1/customers/" + id).then().statusCode(200).body("ownerId", equalTo(rep.id()));
        Api.as(rep.auth()).queryParam("q", "测试科技").get("/api/v1/customers").then().statusCode(200)
                .body("items[0].id", equalTo(id));
        Api.as(rep.auth()).get("/api/v1/customers").then().statusCode(200);
        Api.as(rep.auth()).get("/api/v1/customers/" + id + "/history").then().statusCode(200).body("items[0].action", equalTo("CREATE"));
    }
}
