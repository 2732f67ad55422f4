package io.github.crmvault.claim;

import static io.github.crmvault.claim.ClaimTestSupport.claim;
import static io.github.crmvault.claim.ClaimTestSupport.poolCustomer;
import static io.github.crmvault.claim.ClaimTestSupport.release;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Org;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An owner change's rows have two forms: a claim writes them in its one SQL statement
 * (CustomerOwnership.claimStatement), a release, transfer or handover in Java (CustomerOwnership.move).
 * Claiming a pool customer and releasing it back are mirror images, so the two forms must leave mirror
 * trails: the same history fields with old and new swapped, the same ownership-log columns with the
 * owners swapped, and the same change-feed rows.
 */
@QuarkusTest
class OwnerChangeFormsTest {
    @Inject
    DataSource db;

    @Test
    void aClaimInSqlAndAReleaseInJavaLeaveMirrorTrails() {
        Org.Person rep = Org.rep();
        String id = poolCustomer(Org.unique("两种写法"));
        String contactId = OwnerMoves.contact(Org.ADMIN, id);

        long start = lastFeedSeq(id);
        claim(rep.auth(), id).then().statusCode(200);
        long claimed = lastFeedSeq(id);
        release(rep.auth(), id, "客户暂不需要").then().statusCode(200);
        long released = lastFeedSeq(id);

        Map<String, List<Object>> claim = OwnerMoves.changes(OwnerMoves.history(Org.ADMIN, id, "CLAIM").get(0));
        Map<String, List<Object>> release = OwnerMoves.changes(OwnerMoves.history(Org.ADMIN, id, "RELEASE").get(0));
        assertEquals(claim.keySet(), release.keySet(), "fields a claim and a release record");
        claim.forEach((field, oldAndNew) -> assertEquals(Arrays.asList(oldAndNew.get(1), oldAndNew.get(0)), release.get(field),
                "the release's [old, new] of " + field + " against the claim's " + oldAndNew));

        List<List<String>> log = OwnerMoves.ownerLog(db, id);
        List<String> claimRow = log.get(log.size() - 2);
        List<String> releaseRow = log.get(log.size() - 1);
        assertEquals(List.of("CLAIM", "RELEASE"), List.of(claimRow.get(0), releaseRow.get(0)));
        assertEquals(List.of(claimRow.get(1), claimRow.get(2)), List.of(releaseRow.get(2), releaseRow.get(1)),
                "owners swapped: " + log);
        assertEquals(List.of(rep.login(), rep.login()), List.of(claimRow.get(3), releaseRow.get(3)));

        List<String> claimFeed = feedRows(id, start, claimed);
        assertEquals(List.of("CONTACT " + contactId, "CUSTOMER " + id), claimFeed);
        assertEquals(claimFeed, feedRows(id, claimed, released));
        assertEquals(0L, ((Number) Sql.value(db, "SELECT count(*) FROM customer_history WHERE customer_id = ?"
                + " AND action IN ('CLAIM', 'RELEASE') AND (actor IS DISTINCT FROM ? OR at IS NULL"
                + " OR entity_type <> 'CUSTOMER' OR entity_id <> customer_id)", UUID.fromString(id), rep.login())).longValue(),
                "history entries of the claim or release with another actor, no time or another entity");
    }

    private long lastFeedSeq(String customerId) {
        Object seq = Sql.value(db, "SELECT coalesce(max(seq), 0) FROM sync_change WHERE customer_id = ?", UUID.fromString(customerId));
        return ((Number) seq).longValue();
    }

    /** The customer's change-feed rows after {@code from} up to {@code to}, as "TYPE id", sorted. */
    private List<String> feedRows(String customerId, long from, long to) {
        return Sql.strings(db, "SELECT entity_type || ' ' || entity_id FROM sync_change WHERE customer_id = ?"
                + " AND seq > ? AND seq <= ? ORDER BY 1", UUID.fromString(customerId), from, to);
    }
}
