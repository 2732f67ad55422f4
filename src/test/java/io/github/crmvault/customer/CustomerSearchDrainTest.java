package io.github.crmvault.customer;

import static io.github.crmvault.customer.CustomerTestSupport.allIds;
import static io.github.crmvault.customer.CustomerTestSupport.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The name search index takes the entries of claims and other customer writes in its pending list, which
 * {@link CustomerSearchDrainJob} moves into the tree (V42): searches find the same customers before and
 * after, and one drain runs at a time.
 */
@QuarkusTest
class CustomerSearchDrainTest {
    /** customer_search_drain's advisory lock. */
    private static final long DRAIN_LOCK = 8318820761634894446L;

    @Inject
    DataSource db;
    @Inject
    CustomerSearchDrainJob drainJob;

    @Test
    void claimedCustomersAreFoundByTheirNewOwnersSearchBeforeAndAfterTheDrain() {
        drainJob.drain();
        Org.Person rep = Org.rep();
        Org.Person other = Org.rep();
        String u = Org.unique("待整理");
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = create(Org.ADMIN, Customers.body(Customers.nameWith(u + "-" + i)));
            Api.as(rep.auth()).post("/api/v1/customers/" + id + "/claim").then().statusCode(200);
            claimed.add(0, id); // newest first, as the list orders them
        }
        String pooled = create(Org.ADMIN, Customers.body(Customers.nameWith(u + "-pool")));

        List<String> mine = new ArrayList<>(List.of(pooled));
        mine.addAll(claimed);
        assertEquals(mine, allIds(rep.auth(), Map.of("q", u), 50));
        assertEquals(claimed, allIds(rep.auth(), Map.of("q", u, "ownerId", "me"), 50));
        assertEquals(List.of(pooled), allIds(other.auth(), Map.of("q", u), 50));

        // The writes' entries waited in the pending list (emptied when the test began), and are now in the tree.
        assertTrue(drainJob.drain() > 0);
        assertEquals(0, drainJob.drain());
        assertEquals(mine, allIds(rep.auth(), Map.of("q", u), 50));
        assertEquals(claimed, allIds(rep.auth(), Map.of("q", u, "ownerId", "me"), 50));
        assertEquals(List.of(pooled), allIds(other.auth(), Map.of("q", u), 50));
        assertEquals(mine, allIds(Org.ADMIN, Map.of("q", u), 50));
    }

    @Test
    void aDrainWhileAnotherRunsDoesNothing() throws Exception {
        try (Connection other = db.getConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + DRAIN_LOCK + ")");
            try {
                assertEquals(-1, drainJob.drain());
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + DRAIN_LOCK + ")");
            }
        }
        assertTrue(drainJob.drain() >= 0);
    }
}
