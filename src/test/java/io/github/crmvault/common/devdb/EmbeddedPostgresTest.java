package io.github.crmvault.common.devdb;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The embedded path, forced while the machine's server answers: the pom runs this class alone in a
 * JVM of its own with {@code -Dembedded-postgres=force} (the main test run leaves it out).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = EmbeddedPostgresConfig.MODE, matches = "force")
class EmbeddedPostgresTest {
    @Inject
    DataSource dataSource;

    @Test
    void theApiTalksToAThrowAwayPostgres17() {
        assertNotEquals(5432, ((Number) Sql.value(dataSource, "SELECT inet_server_port()")).intValue());
        String dataDirectory = (String) Sql.value(dataSource, "SELECT current_setting('data_directory')");
        assertTrue(Path.of(dataDirectory).toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()),
                dataDirectory + " is not a temporary directory");
        assertEquals(17, ((Number) Sql.value(dataSource, "SELECT current_setting('server_version_num')::int / 10000")).intValue());
    }

    @Test
    void migrationsRanWithTheExtensionsTheyNeed() {
        assertEquals(2L, Sql.value(dataSource,
                "SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gin')"));
        assertEquals(Boolean.TRUE, Sql.value(dataSource,
                "SELECT bool_and(success) AND count(*) > 0 FROM flyway_schema_history"));
        // a UTF-8 LC_CTYPE: under C, pg_trgm finds no trigrams in Chinese and conflict checks go blind
        assertTrue(((Number) Sql.value(dataSource, "SELECT cardinality(show_trgm('杭州市'))")).intValue() > 0);
    }

    @Test
    void aCustomerRoundTripsThroughTheApi() {
        String name = Customers.nameWith("Embedded");
        String id = Customers.create(Org.ADMIN, name);
        Api.as(Org.ADMIN).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo(name));
    }
}
