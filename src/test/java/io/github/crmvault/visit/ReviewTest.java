package io.github.crmvault.visit;

import static io.github.crmvault.visit.VisitTestSupport.create;
import static io.github.crmvault.visit.VisitTestSupport.history;
import static io.github.crmvault.visit.VisitTestSupport.reviews;
import static io.github.crmvault.visit.VisitTestSupport.visit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who reviews: a manager, for authors in the team subtrees they manage, and admins. A visit the
 * caller cannot see is 404 (a sibling region's manager); a visible one of an author they do not
 * manage is 403 (a pool customer's visit by another region's rep, or their own visit).
 */
@QuarkusTest
class ReviewTest {
    @Inject
    AgroalDataSource dataSource;

    private static Map<String, Object> good(String comment) {
        return Map.of("verdict", "GOOD", "comment", comment);
    }

    @Test
    void theManagerAboveReviewsAndTheAuthorSeesIt() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        String id = create(region.rep().auth(), region.customerId());
        var created = Api.as(region.manager().auth()).body(good("记录详细，继续保持")).post(reviews(id)).then()
                .statusCode(201)
                .body("visitId", equalTo(id))
                .body("customerId", equalTo(region.customerId()))
                .body("reviewerId", equalTo(region.manager().id()))
                .body("verdict", equalTo("GOOD"))
                .body("comment", equalTo("记录详细，继续保持"))
                .body("createdBy", equalTo(region.manager().login()))
                .extract();
        String adminLogin = Org.unique("boss");
        String adminId = Org.user(adminLogin, null);
        String admin = Tokens.bearer(adminLogin, "admin");
        Api.as(admin).body(Map.of("verdict", "NEEDS_WORK", "comment", "写清下一步")).post(reviews(id)).then()
                .statusCode(201).body("reviewerId", equalTo(adminId));

        // the author sees both, oldest first; the visit counts them and keeps its version
        List<String> seen = VisitTestSupport.allIds(region.rep().auth(), reviews(id), Map.of(), 1, "id");
        assertEquals(2, seen.size());
        assertEquals(created.path("id"), seen.get(0));
        Api.as(region.rep().auth()).get(reviews(id)).then().statusCode(200)
                .body("items.verdict", org.hamcrest.Matchers.contains("GOOD", "NEEDS_WORK"));
        Api.as(region.rep().auth()).get(visit(id)).then().statusCode(200).header("ETag", "\"0\"")
                .body("reviewCount", equalTo(2)).body("version", equalTo(0));
        assertEquals(List.of("REVIEW:CREATE", "REVIEW:CREATE", "VISIT:CREATE", "CUSTOMER:CREATE"),
                history(region.rep().auth(), region.customerId()));
    }

    @Test
    void aNeedsWorkVerdictSaysWhatToImprove() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        String id = create(region.rep().auth(), region.customerId());
        Problems.invalidField(Api.as(region.manager().auth()).body(Map.of("verdict", "NEEDS_WORK")).post(reviews(id)), "comment");
        Problems.invalidField(Api.as(region.manager().auth()).body(Map.of("verdict", "NEEDS_WORK", "comment", "  "))
                .post(reviews(id)), "comment");
        Problems.invalidField(Api.as(region.manager().auth()).body(Map.of("verdict", "MEH")).post(reviews(id)), "verdict");
        Problems.invalidField(Api.as(region.manager().auth()).body(Map.of("comment", "ok")).post(reviews(id)), "verdict");
        // GOOD needs no comment
        Api.as(region.manager().auth()).body(Map.of("verdict", "GOOD")).post(reviews(id)).then().statusCode(201)
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("comment")));
        Api.as(region.rep().auth()).get(reviews(id)).then().body("items.size()", equalTo(1));
    }

    @Test
    void aSiblingRegionsManagerCannotReview() {
        VisitTestSupport.Region mine = VisitTestSupport.Region.create();
        VisitTestSupport.Region sibling = VisitTestSupport.Region.create();
        String id = create(mine.rep().auth(), mine.customerId());
        // the sibling cannot see the customer: 404, as if the visit did not exist
        Problems.notFound(Api.as(sibling.manager().auth()).body(good("x")).post(reviews(id)));
        Problems.notFound(Api.as(sibling.manager().auth()).get(reviews(id)));
        // released to the pool the visit is visible to all, but the sibling still does not manage its author
        VisitTestSupport.setOwner(dataSource, mine.customerId(), null);
        Api.as(sibling.manager().auth()).get(visit(id)).then().statusCode(200);
        Problems.forbidden(Api.as(sibling.manager().auth()).body(good("x")).post(reviews(id)))
                .body("detail", containsString("manager"));
        Api.as(sibling.manager().auth()).get(reviews(id)).then().statusCode(200).body("items", empty());
        Api.as(mine.manager().auth()).body(good("ok")).post(reviews(id)).then().statusCode(201);
    }

    @Test
    void nobodyReviewsTheirOwnVisitUnlessAdminAndRepsNever() {
        VisitTestSupport.Region region = VisitTestSupport.Region.create();
        // a manager who is also a rep of their own customer
        String mgrCustomer = Customers.create(region.manager().auth(), Org.unique("经理客户"));
        String own = create(region.manager().auth(), mgrCustomer);
        Problems.forbidden(Api.as(region.manager().auth()).body(good("self")).post(reviews(own)));
        String id = create(region.rep().auth(), region.customerId());
        Problems.forbidden(Api.as(region.rep().auth()).body(good("self")).post(reviews(id)));
        Org.Person peer = OrgAdmin.person(region.repTeam(), "sales");
        Problems.forbidden(Api.as(peer.auth()).body(good("peer")).post(reviews(id)));
        // a bootstrap admin without a user row has no one to record as reviewer
        Problems.forbidden(Api.as(Org.ADMIN).body(good("boot")).post(reviews(id))).body("detail", containsString("user record"));
        Problems.notFound(Api.as(region.manager().auth()).body(good("x")).post(reviews(UUID.randomUUID().toString())));
        Problems.invalidField(Api.as(region.manager().auth()).body(good("x")).post(reviews("nope")), "id");
        Api.as(region.rep().auth()).get(reviews(id)).then().body("items", empty());
        Api.as(region.rep().auth()).get(reviews(own)).then().statusCode(404);
    }
}
