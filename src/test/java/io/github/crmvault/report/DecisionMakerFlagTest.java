package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.MergePatches;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Region;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * customer.has_decision_maker (V32's trigger on contact), which the reports count key-person coverage
 * by, against a recount of the raw contacts by the reports' rule after every way a contact changes:
 * create, role change (PUT and PATCH), archive, restore, erase, merge, SQL by hand, and two
 * transactions removing a customer's last two decision makers at once.
 */
@QuarkusTest
class DecisionMakerFlagTest {
    /** The reports' rule, over the raw rows: a live contact that decides by flag or by role. */
    private static final String RECOUNT = "SELECT EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = ? AND NOT k.archived"
            + " AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER'))";
    private static final String MISMATCHES = "SELECT count(*) FROM customer c WHERE c.has_decision_maker IS DISTINCT FROM"
            + " EXISTS (SELECT 1 FROM contact k WHERE k.customer_id = c.id AND NOT k.archived"
            + " AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER'))";

    @Inject
    DataSource db;

    private static String contacts(String customer) {
        return "/api/v1/customers/" + customer + "/contacts";
    }

    private static String contact(String auth, String customer, Map<String, Object> body) {
        return Api.as(auth).body(body).post(contacts(customer)).then().statusCode(201).extract().path("id");
    }

    /** The flag equals the recount, and is what the step should have made it. */
    private void check(String customer, boolean expected, String step) {
        UUID id = UUID.fromString(customer);
        boolean recount = (Boolean) Sql.value(db, RECOUNT, id);
        boolean flag = (Boolean) Sql.value(db, "SELECT has_decision_maker FROM customer WHERE id = ?", id);
        assertEquals(recount, flag, step + ": the flag disagrees with the contacts");
        assertEquals(expected, flag, step);
    }

    @Test
    void theFlagFollowsEveryWayAContactChanges() {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("拍板人科技"));
        check(customer, false, "new customer");

        String user = contact(rep.auth(), customer, Map.of("name", "张工", "decisionRole", "USER"));
        check(customer, false, "a contact who does not decide");
        String boss = contact(rep.auth(), customer, Map.of("name", "王总", "decisionMaker", true));
        check(customer, true, "a decision maker by flag");

        // Role changed away (PUT), then to the decision-maker role with the flag off (PATCH): the role alone decides.
        Api.as(rep.auth()).header("If-Match", "\"0\"")
                .body(Map.of("name", "王总", "decisionRole", "INFLUENCER", "decisionMaker", false))
                .put(contacts(customer) + "/" + boss).then().statusCode(200);
        check(customer, false, "role changed away");
        MergePatches.patch(rep.auth(), contacts(customer) + "/" + boss, "\"1\"", "{\"decisionRole\": \"DECISION_MAKER\"}")
                .then().statusCode(200);
        check(customer, true, "a decision maker by role");

        Api.as(rep.auth()).post(contacts(customer) + "/" + boss + "/archive").then().statusCode(200);
        check(customer, false, "the decision maker archived");
        Api.as(rep.auth()).post(contacts(customer) + "/" + boss + "/restore").then().statusCode(200);
        check(customer, true, "the decision maker restored");

        // Erasure keeps the role and the archive state: the customer still has its decision maker.
        Api.as(Org.ADMIN).body(Map.of("reason", "本人要求删除个人信息")).post(contacts(customer) + "/" + boss + "/erase")
                .then().statusCode(200);
        check(customer, true, "the decision maker erased");
        Api.as(Org.ADMIN).body(Map.of("reason", "本人要求删除个人信息")).post(contacts(customer) + "/" + user + "/erase")
                .then().statusCode(200);
        check(customer, true, "another contact erased");

        // Merge: the duplicate's decision maker moves to a survivor that had none.
        String survivor = Customers.create(rep.auth(), Org.unique("拍板人存续"));
        contact(rep.auth(), survivor, Map.of("name", "李工", "decisionRole", "GATEKEEPER"));
        check(survivor, false, "survivor before the merge");
        Map<String, Object> merge = new HashMap<>();
        merge.put("survivorId", survivor);
        merge.put("reason", "同一家公司重复录入");
        Api.as(Org.ADMIN).body(merge).post("/api/v1/customers/" + customer + "/merge").then().statusCode(200);
        check(survivor, true, "survivor after the merge");
        check(customer, false, "duplicate after the merge");

        // Writes outside the API: a contact moved back, a role set, a contact deleted.
        UUID bossId = UUID.fromString(boss);
        Sql.update(db, "UPDATE contact SET customer_id = ? WHERE id = ?", UUID.fromString(customer), bossId);
        check(customer, true, "moved back by SQL");
        check(survivor, false, "moved away by SQL");
        Sql.update(db, "UPDATE contact SET decision_role = NULL WHERE id = ?", bossId);
        check(customer, false, "role cleared by SQL");
        Sql.update(db, "UPDATE contact SET decision_maker = true WHERE id = ?", bossId);
        check(customer, true, "flag set by SQL");
        Sql.update(db, "DELETE FROM contact WHERE id = ?", bossId);
        check(customer, false, "deleted by SQL");

        assertEquals(0L, ((Number) Sql.value(db, MISMATCHES)).longValue(), "customers whose flag disagrees with their contacts");
    }

    /**
     * Two transactions archive a customer's two decision makers at once: each alone still sees the
     * other, so only the trigger's lock on the customer row makes the second recount after the first commits.
     */
    @Test
    void concurrentArchivesOfTheLastTwoDecisionMakersClearTheFlag() throws Exception {
        Region region = Region.create();
        Org.Person rep = region.rep();
        String customer = Customers.create(rep.auth(), Org.unique("拍板人并发"));
        String first = contact(rep.auth(), customer, Map.of("name", "王总", "decisionMaker", true));
        String second = contact(rep.auth(), customer, Map.of("name", "李总", "decisionRole", "DECISION_MAKER"));
        check(customer, true, "two decision makers");

        String archive = "UPDATE contact SET archived = true WHERE id = ?";
        try (Connection one = db.getConnection(); Connection two = db.getConnection()) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            try (PreparedStatement s = one.prepareStatement(archive)) {
                s.setObject(1, UUID.fromString(first));
                s.executeUpdate();
            }
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try (PreparedStatement s = two.prepareStatement(archive)) {
                    s.setObject(1, UUID.fromString(second));
                    s.executeUpdate(); // waits for the first transaction's lock on the customer
                    two.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            one.commit();
            other.get(30, TimeUnit.SECONDS);
        }
        check(customer, false, "both decision makers archived at once");
    }
}
