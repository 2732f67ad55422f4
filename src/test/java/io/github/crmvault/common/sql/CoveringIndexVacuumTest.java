package io.github.crmvault.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A covering index answers from the index alone only for rows on pages VACUUM has marked all-visible; the
 * others are fetched from the table. Autovacuum's default insert trigger (20% of a table) left months of
 * visits unmarked at 5M rows, and the reports of the current period read twice the database CPU (V55).
 */
@QuarkusTest
class CoveringIndexVacuumTest {
    /** Each table's insert trigger, 0.01: 1% of its rows (PostgreSQL's default is 0.2). */
    private static final String ONE_PERCENT = "autovacuum_vacuum_insert_scale_factor=0.01";

    /** The schema's tables with a covering index, by name; {@code %s} narrows them. */
    private static final String COVERED = "SELECT DISTINCT t.relname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            + " WHERE i.indnkeyatts < i.indnatts AND t.relnamespace = CAST(current_schema() AS regnamespace)%s"
            + " ORDER BY t.relname";

    @Inject
    DataSource db;

    @Test
    void everyTableWithACoveringIndexButCustomerIsVacuumedAfterOnePercentNewRows() {
        List<String> covered = Sql.strings(db, COVERED.formatted(""));
        // The check finds the covering indexes of the schema, not of another one.
        assertEquals(List.of("customer", "customer_name_variant", "customer_owner_change", "managed_owner_change",
                "visit", "visit_review", "visit_review_fact"), covered);

        List<String> withDefault = Sql.strings(db, COVERED.formatted(" AND NOT coalesce(? = ANY(t.reloptions), false)"),
                ONE_PERCENT);
        // Customer's rows are updated in place (protection extensions), so dead rows, not inserts, vacuum it.
        assertEquals(List.of("customer"), withDefault);
    }
}
