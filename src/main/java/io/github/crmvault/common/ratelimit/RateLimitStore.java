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
 * against the same budget. One statement per take, in autocommit on a connection of its own, never
 * inside the request's business transaction. Windows are fixed and cut by the database's clock, so
 * instances whose clocks differ still share their windows.
 */
@ApplicationScoped
public class RateLimitStore {
    private static final Logger LOG = Logger.getLogger(RateLimitStore.class);

    /**
     * A take's share of what the bucket has left: a {@link #SHARE}th of it, at most the caller's cap and at
     * least one. It never reaches past the limit while there is room, so every hit granted may be used;
     * beyond the limit it is one, the refused request itself. {@code %s} is the hits before the take.
     */
    private static final String GRANT = "greatest(1, least(CAST(? AS integer), (CAST(? AS bigint) - %s) / " + RateLimitStore.SHARE + "))";
    /** Takes a share of the bucket's current window and says what the window now holds and how long it lasts. */
    private static final String TAKE = """
            WITH b AS (SELECT date_bin(make_interval(secs => ?), clock_timestamp(), TIMESTAMPTZ '2000-01-01Z') AS start),
            g AS (SELECT %s AS n)
            INSERT INTO rate_limit_window AS w (bucket, window_start, window_end, hits, granted)
            SELECT ?, b.start, b.start + make_interval(secs => ?), g.n, g.n FROM b, g
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + %s, granted = %s
            RETURNING w.hits, w.granted, CAST(ceil(extract(epoch FROM w.window_end - clock_timestamp()) * 1000) AS bigint)
            """.formatted(GRANT.formatted("0"), GRANT.formatted("w.hits"), GRANT.formatted("w.hits"));

    /**
     * Each take leaves the other instances at least this many times what it takes: a share taken by an
     * instance the caller stops using is lost to the caller until the window ends.
     */
    static final int SHARE = 10;

    /** Windows that ended are of no use; a minute's margin keeps the one just closed for late statements. */
    private static final String DROP_ENDED = "DELETE FROM rate_limit_window WHERE window_end < now() - interval '1 minute'";

    /**
     * A take: the window's hits after it, the share it granted (the last {@code granted} of those hits),
     * and the milliseconds until the window ends.
     */
    public record Take(long hits, int granted, long resetMillis) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Counts up to {@code most} hits at once in the bucket's current window, a share of what is left of
     * {@code limit} (one when nothing is).
     */
    public Take take(String bucket, Duration window, int limit, int most) throws SQLException {
        double seconds = window.toMillis() / 1000.0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(TAKE)) {
            int i = 0;
            statement.setDouble(++i, seconds);
            statement.setInt(++i, most);
            statement.setLong(++i, limit);
            statement.setString(++i, bucket);
            statement.setDouble(++i, seconds);
            for (int set = 0; set < 2; set++) {
                statement.setInt(++i, most);
                statement.setLong(++i, limit);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Take(row.getLong(1), row.getInt(2), Math.max(0, row.getLong(3)));
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
