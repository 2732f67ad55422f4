package io.github.crmvault.visit;

import static io.github.crmvault.support.MergePatches.patch;
import static io.github.crmvault.visit.VisitTestSupport.body;
import static io.github.crmvault.visit.VisitTestSupport.chinese;
import static io.github.crmvault.visit.VisitTestSupport.create;
import static io.github.crmvault.visit.VisitTestSupport.history;
import static io.github.crmvault.visit.VisitTestSupport.visit;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PATCH (JSON Merge Patch) of visits: PUT's rules (author only, edit window) on the fields a patch names. */
@QuarkusTest
class VisitPatchTest {

    @Test
    void theAuthorPatchesSomeFieldsAndTheRestStays() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("拜访补丁"));
        Map<String, Object> body = body("2026-01-05T02:30:00Z");
        body.put("latitude", new BigDecimal("30.274085"));
        body.put("longitude", new BigDecimal("120.155070"));
        body.put("outcome", "客户同意试用");
        String id = create(rep.auth(), customerId, body);

        patch(rep.auth(), visit(id), "\"0\"", "{\"outcome\": null, \"nextStep\": \"下周二带方案上门演示\"}").then()
                .statusCode(200).header("ETag", "\"1\"")
                .body("outcome", nullValue())
                .body("nextStep", equalTo("下周二带方案上门演示"))
                .body("visitedAt", equalTo("2026-01-05T02:30:00Z"))
                .body("channel", equalTo("ON_SITE"))
                .body("notes", equalTo(chinese(120)))
                .body("latitude", equalTo(30.274085f))
                .body("longitude", equalTo(120.15507f));
        assertEquals(List.of("VISIT:UPDATE", "VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));
        List<String> changed = Api.as(rep.auth()).get("/api/v1/customers/" + customerId + "/history").then()
                .statusCode(200).extract().jsonPath().getList("items[0].changes.field", String.class);
        assertEquals(List.of("nextStep", "outcome"), changed);

        // nothing to change: no new version, nothing recorded
        patch(rep.auth(), visit(id), "\"1\"", "{\"channel\": \"ON_SITE\"}").then().statusCode(200).header("ETag", "\"1\"");
        assertEquals(3, history(rep.auth(), customerId).size());
    }

    @Test
    void aVisitPatchIsCheckedLikeAPut() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("拜访校验"));
        String id = create(rep.auth(), customerId);
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"notes\": null}"), "notes");
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"visitedAt\": null}"), "visitedAt");
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"qualityScore\": 100}"), "qualityScore");
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"authorId\": null}"), "authorId");
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"interestLevel\": 9}"), "interestLevel");
        Problems.invalidField(patch(rep.auth(), visit(id), "\"0\"", "{\"latitude\": 1e-100000}"), "latitude");
        Problems.expect(patch(rep.auth(), visit(id), "\"0\"", "{\"notes\": \"" + chinese(10) + "\"}"), 422,
                "note-too-short");
        // a rep who cannot see the customer: 404; a manager who can: 403, only the author corrects
        Problems.notFound(patch(Org.rep().auth(), visit(id), "\"0\"", "{\"outcome\": \"x\"}"));
        Problems.forbidden(patch(Org.ADMIN, visit(id), "\"0\"", "{\"outcome\": \"x\"}"));
        MergePatches.refusesBadRequests(rep.auth(), visit(id), "\"0\"", "{\"outcome\": \"x\"}");
        assertEquals(List.of("VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));
    }
}
