package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.body;
import static io.github.crmvault.visit.VisitTestSupport.chinese;
import static io.github.crmvault.visit.VisitTestSupport.create;
import static io.github.crmvault.visit.VisitTestSupport.history;
import static io.github.crmvault.visit.VisitTestSupport.visit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Corrections: the author only, with If-Match, within the edit window; audited like customer edits. */
@QuarkusTest
class VisitEditTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theAuthorCorrectsAVisitAndTheChangeIsAudited() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("更正"));
        String id = create(rep.auth(), customerId, body("2026-01-05T02:30:00Z"));
        Map<String, Object> corrected = body("2026-01-05T03:00:00Z");
        corrected.put("notes", chinese(150));
        corrected.put("nextStep", "周五电话跟进");
        corrected.put("nextStepDate", "2026-01-09");
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put(visit(id)).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("visitedAt", equalTo("2026-01-05T03:00:00Z"))
                .body("noteLength", equalTo(150))
                .body("qualityScore", equalTo(90))
                .body("effective", equalTo(false))
                .body("updatedBy", equalTo(rep.login()));
        VisitTestSupport.get(rep.auth(), id);
        assertEquals(List.of("VISIT:UPDATE", "VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));
        var changes = Api.as(rep.auth()).get("/api/v1/customers/" + customerId + "/history").then().statusCode(200)
                .extract().jsonPath().getList("items[0].changes.field", String.class);
        assertEquals(List.of("nextStep", "nextStepDate", "noteLength", "notes", "qualityScore", "visitedAt"), changes);

        // the same content again changes nothing and records nothing
        Api.as(rep.auth()).header("If-Match", "\"1\"").body(corrected).put(visit(id)).then().statusCode(200)
                .header("ETag", "\"1\"");
        assertEquals(3, history(rep.auth(), customerId).size());
        // the id in the body, if any, must be the visit's
        corrected.put("id", UUID.randomUUID().toString());
        Problems.invalidField(Api.as(rep.auth()).header("If-Match", "\"1\"").body(corrected).put(visit(id)), "id");
    }

    @Test
    void preconditionsAndTheNoteMinimumApply() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("前提"));
        String id = create(rep.auth(), customerId);
        Problems.expect(Api.as(rep.auth()).body(body()).put(visit(id)), 428, "precondition-required");
        Problems.expect(Api.as(rep.auth()).header("If-Match", "\"7\"").body(body()).put(visit(id)), 412, "precondition-failed");
        Map<String, Object> tooShort = body();
        tooShort.put("notes", chinese(99));
        Problems.expect(Api.as(rep.auth()).header("If-Match", "\"0\"").body(tooShort).put(visit(id)), 422, "note-too-short")
                .body("minimum", equalTo(100)).body("actual", equalTo(99));
        VisitTestSupport.get(rep.auth(), id);
        Api.as(rep.auth()).get(visit(id)).then().body("version", equalTo(0)).body("noteLength", equalTo(120));
    }

    @Test
    void aCorrectionNamesOnlyTheCustomersOwnContacts() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("更正联系人"));
        String other = Customers.create(rep.auth(), Org.unique("别家联系人"));
        String own = Api.as(rep.auth()).body(Map.of("name", "韩梅梅")).post("/api/v1/customers/" + customerId + "/contacts")
                .then().statusCode(201).extract().path("id");
        String otherContact = Api.as(rep.auth()).body(Map.of("name", "李雷")).post("/api/v1/customers/" + other + "/contacts")
                .then().statusCode(201).extract().path("id");
        String id = create(rep.auth(), customerId);
        Map<String, Object> corrected = body();
        corrected.put("contactIds", List.of(own, otherContact));
        Problems.invalidField(Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put(visit(id)), "contactIds");
        corrected.put("contactIds", List.of(UUID.randomUUID().toString()));
        Problems.invalidField(Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put(visit(id)), "contactIds");
        corrected.put("contactIds", List.of(own));
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put(visit(id)).then().statusCode(200)
                .body("contactIds", hasItem(own));
    }

    @Test
    void managersAndOthersNeverEditARepsNotes() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        String id = create(region.rep().auth(), region.customerId());
        // the manager sees the visit, and may not touch it
        Api.as(region.manager().auth()).get(visit(id)).then().statusCode(200);
        Problems.forbidden(Api.as(region.manager().auth()).header("If-Match", "\"0\"").body(body()).put(visit(id)))
                .body("detail", containsString("author"));
        Problems.forbidden(Api.as(Org.ADMIN).header("If-Match", "\"0\"").body(body()).put(visit(id)));
        Problems.notFound(Api.as(Org.rep().auth()).header("If-Match", "\"0\"").body(body()).put(visit(id)));
        Problems.notFound(Api.as(region.rep().auth()).header("If-Match", "\"0\"").body(body())
                .put(visit(UUID.randomUUID().toString())));
        Api.as(region.rep().auth()).get(visit(id)).then().body("version", equalTo(0));
    }

    @Test
    void afterTheEditWindowTheRecordIsLocked() {
        Org.Person rep = Org.rep();
        String customerId = Customers.create(rep.auth(), Org.unique("锁定"));
        String id = create(rep.auth(), customerId);
        // written 23 hours ago: still open
        VisitTestSupport.sql(dataSource, "UPDATE visit SET created_at = created_at - interval '23 hours' WHERE id = ?",
                UUID.fromString(id));
        Map<String, Object> corrected = body();
        corrected.put("notes", chinese(130));
        Api.as(rep.auth()).header("If-Match", "\"0\"").body(corrected).put(visit(id)).then().statusCode(200)
                .body("version", equalTo(1));
        // 24 hours and more: locked, evidence now
        VisitTestSupport.sql(dataSource, "UPDATE visit SET created_at = created_at - interval '1 hour' WHERE id = ?",
                UUID.fromString(id));
        Problems.expect(Api.as(rep.auth()).header("If-Match", "\"1\"").body(body()).put(visit(id)), 409, "visit-locked")
                .body("detail", containsString("24 hours"));
        Api.as(rep.auth()).get(visit(id)).then().statusCode(200).body("version", equalTo(1));
        assertEquals(List.of("VISIT:UPDATE", "VISIT:CREATE", "CUSTOMER:CREATE"), history(rep.auth(), customerId));
    }

    @Test
    void anAuthorWhoLostTheCustomerCannotEdit() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        String id = create(region.rep().auth(), region.customerId());
        // released to the pool: still visible to the author, but pool customers are read-only to reps
        VisitTestSupport.setOwner(dataSource, region.customerId(), null);
        Api.as(region.rep().auth()).get(visit(id)).then().statusCode(200);
        Problems.forbidden(Api.as(region.rep().auth()).header("If-Match", "\"0\"").body(body()).put(visit(id)))
                .body("detail", containsString("pool"));
        Api.as(region.rep().auth()).get("/api/v1/customers/" + region.customerId() + "/history").then()
                .body("items.entityType", hasItem("VISIT"));
    }
}
