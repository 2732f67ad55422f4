package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.digest.DigestJob;
import io.github.crmvault.support.CompanyDay;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every digest the job stores announces itself once as digest.ready, with the digest as GET returns it. */
@QuarkusTest
class DigestReadyTest {
    @Inject
    DataSource db;
    @Inject
    DigestJob job;

    @Test
    void eachStoredDigestIsPublishedOnceAndARebuildPublishesNothing() {
        String subscription = Webhooks.subscribe("http://127.0.0.1:9/hooks", List.of("digest.ready"), List.of()).getString("id");
        try {
            Org.Person rep = Org.rep();
            // A day no other test builds: the events counted are this build's.
            LocalDate day = CompanyDay.today().minusDays(40 + (int) (Math.random() * 300));
            int stored = job.build(Kind.DAILY, day);
            assertTrue(stored > 0);
            assertEquals(0, job.build(Kind.DAILY, day), "built already: no second event either");

            long events = ((Number) Sql.value(db, "SELECT count(*) FROM webhook_event WHERE type = 'digest.ready'"
                    + " AND payload -> 'data' ->> 'from' = ?", day.toString())).longValue();
            assertEquals(stored, events);
            long deliveries = ((Number) Sql.value(db, "SELECT count(*) FROM webhook_delivery d JOIN webhook_event e"
                    + " ON e.id = d.event_id WHERE d.subscription_id = ? AND e.payload -> 'data' ->> 'from' = ?",
                    UUID.fromString(subscription), day.toString())).longValue();
            assertEquals(stored, deliveries);

            JsonPath mine = new JsonPath((String) Sql.value(db, "SELECT CAST(payload -> 'data' AS text) FROM webhook_event"
                    + " WHERE type = 'digest.ready' AND payload -> 'data' ->> 'from' = ?"
                    + " AND payload -> 'data' -> 'scope' ->> 'id' = ?", day.toString(), rep.id()));
            assertEquals("DAILY", mine.getString("kind"));
            assertEquals(day.toString(), mine.getString("period"));
            assertEquals(true, mine.getBoolean("final"));
        } finally {
            Webhooks.disable(subscription);
        }
    }
}
