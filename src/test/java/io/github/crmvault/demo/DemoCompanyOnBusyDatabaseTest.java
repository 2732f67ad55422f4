package io.github.crmvault.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.support.Sql;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database that already holds a company's data is never given the demo, however the setting reads. */
@QuarkusTest
@TestProfile(DemoCompanyOnBusyDatabaseTest.Busy.class)
class DemoCompanyOnBusyDatabaseTest {
    private static final String SCHEMA = System.getProperty("test.schema", "crm_test") + "_demo_busy";
    private static final String URL = "jdbc:postgresql://localhost:5432/postgres?currentSchema=" + SCHEMA + ",public";

    /** Demo on, in a schema migrated and given one team of the company's own before the application starts. */
    public static class Busy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(DemoCompanyTest.Demo.schema("_demo_busy"));
            config.put("quarkus.flyway.clean-at-start", "false");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CompanyData.class));
        }
    }

    public static class CompanyData implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Flyway flyway = Flyway.configure().dataSource(URL, "postgres", null).schemas(SCHEMA).createSchemas(true)
                    .locations("filesystem:src/main/resources/db/migration").cleanDisabled(false).load();
            flyway.clean();
            flyway.migrate();
            try (Connection connection = DriverManager.getConnection(URL, "postgres", null);
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO team (id, name, version, created_at, created_by, updated_at, updated_by)"
                        + " VALUES (gen_random_uuid(), 'Head office', 0, now(), 'admin', now(), 'admin')");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    DemoCompany demo;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void nothingIsWritten() throws Exception {
        assertEquals(DemoCompany.Outcome.NOT_EMPTY, demo.outcome().toCompletableFuture().get(3, TimeUnit.MINUTES));
        assertEquals(List.of(1L, 0L, 0L), List.of(count("team"), count("app_user"), count("customer")));
    }

    private long count(String table) {
        return ((Number) Sql.value(dataSource, "SELECT count(*) FROM " + table)).longValue();
    }
}
