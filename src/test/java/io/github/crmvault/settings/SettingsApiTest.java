package io.github.crmvault.settings;

import static org.hamcrest.Matchers.equalTo;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SettingsApiTest {

    @ParameterizedTest(name = "{0} reads the default rules")
    @ValueSource(strings = {"sales", "manager", "admin", "integration"})
    void everyRoleReadsTheRulesInForce(String role) {
        String auth = role.equals("admin") ? Org.ADMIN
                : OrgAdmin.person(Org.team(Org.unique("settings"), null, null), role).auth();
        Api.as(auth).get("/api/v1/settings").then().statusCode(200)
                .body("timeZone", equalTo("Asia/Shanghai"))
                .body("visit.noteMinimum", equalTo(100))
                .body("visit.editWindowSeconds", equalTo(86400))
                .body("visit.futureSkewSeconds", equalTo(300))
                .body("score.zeroAtOrBelow", equalTo(20))
                .body("score.sixtyAt", equalTo(50))
                .body("score.eightyAt", equalTo(100))
                .body("score.contactBonus", equalTo(10))
                .body("score.nextStepBonus", equalTo(10))
                .body("score.maximum", equalTo(100))
                .body("grade.aWithinDays", equalTo(30))
                .body("grade.bWithinDays", equalTo(90))
                .body("claim.protectionDays", equalTo(30))
                .body("claim.maxCustomersPerRep", equalTo(100))
                .body("claim.coolDownDays", equalTo(7))
                .body("conflict.nameSimilarity", equalTo(0.55f));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown login", "deactivated"})
    void onlyKnownActiveUsers(String who) {
        if (who.equals("unknown login")) {
            Problems.expect(Api.as(io.github.crmvault.support.Tokens.bearer(Org.unique("ghost"), "sales"))
                    .get("/api/v1/settings"), 403, "unknown-user");
        } else {
            Org.Person rep = Org.rep();
            OrgAdmin.setUserActive(rep.id(), false);
            Problems.expect(Api.as(rep.auth()).get("/api/v1/settings"), 403, "unknown-user");
        }
        Problems.unauthenticated(Api.anonymous().get("/api/v1/settings"));
    }
}
