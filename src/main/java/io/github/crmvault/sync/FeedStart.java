package io.github.crmvault.sync;

import io.github.crmvault.common.security.Caller;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where a client that loaded a snapshot of the data (the bulk export) starts following the change
 * feed so that it misses nothing.
 *
 * <p>Called as the first statement of a REPEATABLE READ transaction, it fixes that transaction's
 * snapshot S and returns the cursor (xmin(S), 0), which makes the feed deliver every change row of a
 * transaction with txid ≥ xmin(S) (seq starts at 1). No gap: a transaction whose changes S does not
 * show either was running when S was taken (its txid is at least xmin(S)), or got its txid later (at
 * least xmax(S) ≥ xmin(S)), or rolled back; and every change writes its sync_change row in its own
 * transaction, with that txid. Transactions below xmin(S) had all ended before S, so S shows them.
 * Some changes S does show (transactions between xmin and xmax that had committed) come again in the
 * feed: harmless, as the feed hands out current states.
 */
public final class FeedStart {
    private static final String SNAPSHOT_XMIN = "SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text)";

    private FeedStart() {
    }

    /** The feed cursor for the caller's login and view; must be the transaction's first statement. */
    public static String ofSnapshot(Connection connection, Caller caller) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(SNAPSHOT_XMIN)) {
            row.next();
            return new FeedCursor(Long.parseLong(row.getString(1)), 0L).encode(caller.login(), FeedCursor.View.of(caller), caller.isLeaving());
        }
    }
}
