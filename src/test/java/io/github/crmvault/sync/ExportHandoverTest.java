package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * From the bulk export to the change feed without a gap: the export's Feed-Cursor header is taken
 * with the export's snapshot, so the feed from it brings every change the export does not show.
 */
@QuarkusTest
class ExportHandoverTest {
    @Inject
    DataSource dataSource;

    /** The customer's notes as the NDJSON export shows them. */
    private static String exportedNotes(Response export, String customerId) {
        for (String line : export.then().statusCode(200).extract().asString().split("\n")) {
            JsonPath record = new JsonPath(line);
            if (customerId.equals(record.getString("id"))) {
                return record.getString("notes");
            }
        }
        throw new AssertionError("customer " + customerId + " not exported");
    }

    @Test
    void aTransactionRunningAtTheSnapshotAndLaterChangesComeThroughTheFeed() throws Exception {
        Org.Person rep = Org.rep();
        // Exports are for integration (and admin) by default: the integrator exports, then follows the feed.
        Org.Person integrator = OrgAdmin.person(Org.team(Org.unique("int"), null, null), "integration");
        Instant started = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String customer = Customers.create(rep.auth(), Customers.nameWith("Handover"));
        String cursor;
        try (Connection running = dataSource.getConnection()) {
            // A change as the application writes one: the record and its feed row in one transaction,
            // still running when the export starts and committed after the export's snapshot.
            running.setAutoCommit(false);
            try (PreparedStatement patience = running.prepareStatement("SET LOCAL idle_in_transaction_session_timeout = 0")) {
                // The pool's 60 s guard is for the application; this transaction waits for the export on purpose.
                patience.execute();
            }
            try (PreparedStatement update = running.prepareStatement("UPDATE customer SET notes = 'in flight',"
                    + " version = version + 1, updated_at = now() WHERE id = ?");
                    PreparedStatement log = running.prepareStatement("INSERT INTO sync_change"
                            + " (entity_type, entity_id, customer_id) VALUES ('CUSTOMER', ?, ?)")) {
                update.setObject(1, UUID.fromString(customer));
                update.executeUpdate();
                log.setObject(1, UUID.fromString(customer));
                log.setObject(2, UUID.fromString(customer));
                log.executeUpdate();
            }
            // The export reads only this test's period, so it stays short on a schema other tests have filled.
            Response export = Api.as(integrator.auth()).accept("application/x-ndjson")
                    .queryParam("updatedSince", started.toString()).get("/api/v1/export/customers");
            cursor = export.header("Feed-Cursor");
            assertNotNull(cursor);
            assertEquals(null, exportedNotes(export, customer), "the running transaction is not in the snapshot");
            running.commit();
        }
        String later = Customers.create(rep.auth(), Customers.nameWith("Handover Later"));

        // In the log, both changes lie after the cursor's position...
        FeedCursor start = FeedCursor.decode(cursor, integrator.login(), FeedCursor.View.EVERYTHING, false);
        for (String id : java.util.List.of(customer, later)) {
            Object after = Sql.value(dataSource, "SELECT bool_or((txid, seq) > (CAST(? AS xid8), ?))"
                    + " FROM sync_change WHERE entity_id = ?", Long.toString(start.txid()), start.seq(), UUID.fromString(id));
            assertEquals(true, after, "the change of " + id + " is after the cursor");
        }
        // ... so the feed brings them, once every older transaction on the server has ended.
        FeedClient app = new FeedClient(integrator.auth(), cursor).until(f -> f.hasCustomer(later)
                && "in flight".equals(f.customers.getOrDefault(customer, java.util.Map.of()).get("notes")));
        assertEquals("in flight", app.customers.get(customer).get("notes"));
    }

    @Test
    void theCursorIsTheCallersOwn() {
        String team = Org.team(Org.unique("int"), null, null);
        Org.Person integrator = OrgAdmin.person(team, "integration");
        Org.Person peer = OrgAdmin.person(team, "integration");
        String cursor = Api.as(integrator.auth()).accept("text/csv").get("/api/v1/export/visits")
                .then().statusCode(200).extract().header("Feed-Cursor");
        Problems.invalidField(Api.as(peer.auth()).queryParam("cursor", cursor).get(FeedClient.PATH), "cursor");
        Api.as(integrator.auth()).queryParam("cursor", cursor).get(FeedClient.PATH).then().statusCode(200);
    }
}
