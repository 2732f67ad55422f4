package io.github.crmvault.common.ratelimit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The counts, in PostgreSQL's UNLOGGED table rate_limit_window (V16), so every instance counts
 * against the same budget. One statement per request, in autocommit on a connection of its own, never
 * inside the request's business transaction. Windows are fixed and cut by the database's clock, so
 * instances whose clocks differ still share their windows.
 */
@ApplicationScoped
public class RateLimitStore {
    private static final Logger LOG = Logger.getLogger(RateLimitStore.class);

    /** Counts this request and says how many the window now holds and how long it still lasts. */
    private static final String HIT = """
            WITH b AS (SELECT date_bin(make_interval(secs => ?), clock_timestamp(), TIMESTAMPTZ '2000-01-01Z') AS start)
            INSERT INTO rate_limit_window AS w (bucket, window_start, window_end, hits)
            SELECT ?, b.start, b.start + make_interval(secs => ?), 1 FROM b
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
            RETURNING w.hits, CAST(ceil(extract(epoch FROM w.window_end - clock_timestamp()) * 1000) AS bigint)
            """;

    /** Windows that ended are of no use; a minute's margin keeps the one just closed for late statements. */
    private static final String DROP_ENDED = "DELETE FROM rate_limit_window WHERE window_end < now() - interval '1 minute'";

    /** The count of a bucket's current window after this request, and the milliseconds until it ends. */
    public record Count(long hits, long resetMillis) {
    }

    @Inject
    AgroalDataSource dataSource;

    public Count hit(String bucket, Duration window) throws SQLException {
        double seconds = window.toMillis() / 1000.0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(HIT)) {
            statement.setDouble(1, seconds);
            statement.setString(2, bucket);
            statement.setDouble(3, seconds);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Count(row.getLong(1), Math.max(0, row.getLong(2)));
            }
        }
    }

    /** Each instance sweeps; two sweeps at once delete nothing twice. */
    @Scheduled(identity = "rate-limit-cleanup", every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dropEndedWindows() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DROP_ENDED)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("Rate-limit windows not swept: %s", e.getMessage());
        }
    }
}
