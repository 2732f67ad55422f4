package io.github.crmvault.common.load;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.security.OrgCacheSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Says at start what this instance may take of the server's connections, and how many instances of
 * this size the server has room for, so that a deployer sees the sizing rule before "too many
 * clients" does: instances x (interactive + bulk + reports) + reserve must stay within max_connections.
 */
@ApplicationScoped
class ConnectionBudget {
    private static final Logger LOG = Logger.getLogger(ConnectionBudget.class);
    /** Kept for superusers, migrations, psql and monitoring. */
    static final int RESERVE = 10;

    @Inject
    OperationsSettings.Db db;
    @Inject
    OperationsSettings.Work work;
    @Inject
    OperationsSettings.Shutdown shutdown;
    @Inject
    OrgCacheSettings orgCache;
    @Inject
    AgroalDataSource dataSource;

    void report(@Observes StartupEvent started) {
        int listener = orgCache.enabled() ? 1 : 0;
        int perInstance = db.maxConnections() + work.export().maxConcurrent() + work.longRead().fanOutConnections()
                + listener;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('max_connections')::int")) {
            row.next();
            int max = row.getInt(1);
            int instances = Math.max(0, (max - RESERVE) / perInstance);
            String message = String.format("Connection budget: %d per instance (%d interactive + %d export"
                    + " + %d report fan-out + %d org-cache listener); max_connections %d leaves room for %d instance(s);"
                    + " drain on shutdown %s after %s",
                    perInstance, db.maxConnections(), work.export().maxConcurrent(),
                    work.longRead().fanOutConnections(), listener, max, instances,
                    shutdown.drain(), shutdown.readinessDelay());
            if (instances < 2) {
                LOG.warn(message);
            } else {
                LOG.info(message);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Connection budget not checked, the database is not reachable: %s", e.getMessage());
        }
    }
}
