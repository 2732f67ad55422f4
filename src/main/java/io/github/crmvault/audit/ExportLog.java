package io.github.crmvault.audit;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The export log (table export_log): who exported what, when, how much and how it ended. Each
 * record is written in a transaction of its own on the interactive pool, never in the export's
 * read-only one, so it is kept whatever becomes of the export or of the request around it.
 */
@ApplicationScoped
public class ExportLog {
    private static final Logger LOG = Logger.getLogger(ExportLog.class);

    /** What was exported. */
    public enum ExportKind {
        CUSTOMERS, CONTACTS, VISITS, DEALS
    }

    /** How an export ended; RUNNING until it does. */
    public enum ExportOutcome {
        RUNNING, COMPLETE, CLIENT_GONE, FAILED, REFUSED
    }

    /** One row of the log. */
    record Entry(UUID id, UUID userId, String login, ExportKind export, String format, Instant updatedSince,
            Instant startedAt, Instant endedAt, long rows, long bytes, ExportOutcome outcome) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Records the start of an export; its id, to record its end. Fails (and so must the export) when it cannot. */
    public UUID started(Caller caller, ExportKind export, String format, Instant updatedSince) {
        return insert(caller, export, format, updatedSince, ExportOutcome.RUNNING);
    }

    /** Records an export refused for want of the permission, or because the user is leaving. */
    public void refused(Caller caller, ExportKind export) {
        insert(caller, export, null, null, ExportOutcome.REFUSED);
    }

    /**
     * Records how a running export ended, once (a second call changes nothing). Never throws: an
     * export ends whether or not the database takes the record, which then stays RUNNING.
     */
    public void ended(UUID id, ExportOutcome outcome, long rows, long bytes) {
        try {
            QuarkusTransaction.requiringNew().run(() -> update("UPDATE export_log SET ended_at = now(), outcome = ?,"
                    + " row_count = ?, byte_count = ? WHERE id = ? AND outcome = 'RUNNING'", statement -> {
                        statement.setString(1, outcome.name());
                        statement.setLong(2, rows);
                        statement.setLong(3, bytes);
                        statement.setObject(4, id);
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "The end of export %s (%s, %d rows, %d bytes) was not recorded", id, outcome, rows, bytes);
        }
    }

    /**
     * Up to {@code limit} entries started in [from, to), of one user or all, newest first, after the
     * keyset position {@code after} (null: from the newest).
     */
    List<Entry> page(UUID userId, Instant from, Instant to, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, user_id, login, export, format, updated_since, started_at,"
                + " ended_at, row_count, byte_count, outcome FROM export_log WHERE true");
        List<Object> params = new ArrayList<>();
        if (userId != null) {
            sql.append(" AND user_id = ?");
            params.add(userId);
        }
        if (from != null) {
            sql.append(" AND started_at >= ?");
            params.add(timestamp(from));
        }
        if (to != null) {
            sql.append(" AND started_at < ?");
            params.add(timestamp(to));
        }
        if (after != null) {
            sql.append(" AND (started_at, id) < (?, ?)");
            params.add(timestamp(after.at()));
            params.add(after.id());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                            ExportKind.valueOf(rows.getString(4)), rows.getString(5), instant(rows, 6), instant(rows, 7),
                            instant(rows, 8), rows.getLong(9), rows.getLong(10), ExportOutcome.valueOf(rows.getString(11))));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the export log", e);
        }
    }

    private UUID insert(Caller caller, ExportKind export, String format, Instant updatedSince, ExportOutcome outcome) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> update("INSERT INTO export_log (id, user_id, login, export, format,"
                + " updated_since, started_at, ended_at, outcome) VALUES (?, ?, ?, ?, ?, ?, now(),"
                + " CASE WHEN ? = 'RUNNING' THEN NULL ELSE now() END, ?)", statement -> {
                    statement.setObject(1, id);
                    statement.setObject(2, caller.userId());
                    statement.setString(3, caller.login());
                    statement.setString(4, export.name());
                    statement.setString(5, format);
                    if (updatedSince == null) {
                        statement.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        statement.setObject(6, timestamp(updatedSince));
                    }
                    statement.setString(7, outcome.name());
                    statement.setString(8, outcome.name());
                }));
        return id;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** One statement on a connection enlisted in the caller's (new) transaction. */
    private void update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the export log", e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
