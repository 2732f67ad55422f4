package io.github.crmvault.conflict;

import static io.github.crmvault.conflict.ConflictCheckTest.check;
import static io.github.crmvault.conflict.ConflictCheckTest.chineseName;
import static io.github.crmvault.conflict.ConflictCheckTest.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The one-off backfill of conflict keys written by an older normaliser: customers "from before" are
 * made by writing their key rows as version 1 wrote them (the Traditional name as its own key, the
 * sub-domain, no contact mobile) and marking them version 1.
 */
@QuarkusTest
class ConflictKeysBackfillTest {
    @Inject
    ConflictKeysBackfill backfill;
    @Inject
    DataSource dataSource;

    /** A customer with a Traditional name, a sub-domain and a contact's mobile, its keys as version 1 had them. */
    private UUID oldCustomer(String name, String domain, String mobile) {
        Org.Person rep = Org.rep();
        Map<String, Object> body = Customers.body(name);
        body.put("emails", List.of("sales@mail." + domain));
        String id = create(rep.auth(), body);
        Api.as(rep.auth()).body(Map.of("name", "王总", "phones", List.of(mobile))).post("/api/v1/customers/" + id + "/contacts")
                .then().statusCode(201);
        UUID customer = UUID.fromString(id);
        Sql.update(dataSource, "DELETE FROM customer_key WHERE customer_id = ?", customer);
        Sql.update(dataSource, "DELETE FROM customer_name_variant WHERE customer_id = ?", customer);
        Sql.update(dataSource, "DELETE FROM customer_name WHERE customer_id = ?", customer);
        String oldCore = name.replace("有限公司", "");
        Sql.update(dataSource, "INSERT INTO customer_key (kind, value, customer_id) VALUES ('NAME', ?, ?), ('DOMAIN', ?, ?)",
                oldCore, customer, "mail." + domain, customer);
        Sql.update(dataSource, "INSERT INTO customer_name (customer_id, core_name) VALUES (?, ?)", customer, oldCore);
        Sql.update(dataSource, "UPDATE customer SET conflict_keys_version = 1 WHERE id = ?", customer);
        return customer;
    }

    private long version(UUID customer) {
        return ((Number) Sql.value(dataSource, "SELECT conflict_keys_version FROM customer WHERE id = ?", customer)).longValue();
    }

    @Test
    void oldVersionRowsGetTheNewKeysAndARerunDoesNothing() {
        String name = "雲棲" + chineseName() + "網絡有限公司";
        String domain = Customers.domain();
        String mobile = Customers.phone();
        UUID customer = oldCustomer(name, domain, mobile);
        String simplified = Normalizer.companyName(name);
        assertEquals("CLEAR", check(Org.rep().auth(), Map.of("phones", List.of(mobile))).getString("decision"));

        ConflictKeysBackfill.Summary first = backfill.run(10);
        assertTrue(first.customers().contains(customer));
        assertEquals(Normalizer.KEYS_VERSION, version(customer));
        for (Map<String, Object> probe : List.of(Map.<String, Object>of("name", simplified + "有限公司"),
                Map.<String, Object>of("emails", List.of("li@" + domain)), Map.<String, Object>of("phones", List.of(mobile)))) {
            assertEquals("BLOCKED", check(Org.rep().auth(), probe).getString("decision"), probe.toString());
        }
        assertEquals(simplified, Sql.value(dataSource, "SELECT core_name FROM customer_name WHERE customer_id = ?", customer));
        assertEquals(0L, ((Number) Sql.value(dataSource, "SELECT count(*) FROM customer_key WHERE customer_id = ?"
                + " AND value IN (?, ?)", customer, name.replace("有限公司", ""), "mail." + domain)).longValue());

        ConflictKeysBackfill.Summary again = backfill.run(10);
        assertTrue(!again.customers().contains(customer));
    }

    @Test
    void concurrentRunsProcessEveryOldRowOnce() throws Exception {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            mine.add(oldCustomer("雲棲" + chineseName() + "有限公司", Customers.domain(), Customers.phone()));
        }
        CompletableFuture<ConflictKeysBackfill.Summary> one = CompletableFuture.supplyAsync(() -> backfill.run(2));
        CompletableFuture<ConflictKeysBackfill.Summary> two = CompletableFuture.supplyAsync(() -> backfill.run(2));
        List<UUID> a = one.get().customers();
        List<UUID> b = two.get().customers();
        Set<UUID> both = new HashSet<>(a);
        both.retainAll(b);
        assertEquals(Set.of(), both, "no customer is rekeyed by both runs");
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        assertTrue(all.containsAll(mine));
        for (UUID customer : mine) {
            assertEquals(Normalizer.KEYS_VERSION, version(customer));
        }
    }
}
