package io.github.crmvault.common.health;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.load.OperationsSettings;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Liveness that tells the truth: an instance that has not been able to get a working connection from
 * its own pool for {@code crm.health.database-grace} is not alive to an orchestrator, which should
 * restart it. (Readiness already goes DOWN at the first failure; liveness waits so that a database
 * restart does not restart every instance.) The probe takes a connection the way a request does, so
 * a pool exhausted by connections that are never given back counts as well as a database away.
 */
@Liveness
@ApplicationScoped
public class DatabaseLiveness implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(DatabaseLiveness.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OperationsSettings.Health settings;

    private volatile Instant lastConnected = Instant.now();
    private volatile String lastFailure;

    @Scheduled(identity = "database-liveness", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                lastConnected = Instant.now();
                lastFailure = null;
            }
        } catch (SQLException | RuntimeException e) {
            lastFailure = e.getMessage();
            LOG.debugf("Liveness probe got no connection: %s", e.getMessage());
        }
    }

    @Override
    public HealthCheckResponse call() {
        Duration without = Duration.between(lastConnected, Instant.now());
        boolean alive = without.compareTo(settings.databaseGrace()) <= 0;
        var response = HealthCheckResponse.named("database connections").status(alive)
                .withData("lastConnected", lastConnected.toString());
        if (lastFailure != null) {
            response.withData("lastFailure", lastFailure);
        }
        return response.build();
    }
}
