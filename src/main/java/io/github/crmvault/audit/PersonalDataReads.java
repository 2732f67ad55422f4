package io.github.crmvault.audit;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.settings.CompanyCalendar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The record of reads of contacts' personal data in full, of customers the reader does not own
 * (table personal_data_read), and the daily ceiling on them (README, "Personal data"). A customer's
 * owner reads its contacts by right and is not counted; everyone else who sees them in full is: the
 * managers above the owner, admins, integration. One statement per request that returned such data,
 * in a transaction of its own so that it is kept whatever becomes of the request.
 */
@ApplicationScoped
public class PersonalDataReads {
    private static final Logger LOG = Logger.getLogger(PersonalDataReads.class);
    /** How many customers a bulk read (feed page, export) gathers before writing them: bounds its memory. */
    static final int BULK_BATCH = 50_000;
    /** The 429 of a read that returns contacts in full: the contract's words for it. */
    public static final String TOO_MANY = "Too many requests; retry after Retry-After seconds. The caller has read"
            + " the contacts of as many distinct customers in full today as one may (crm.personal-data.daily-ceiling;"
            + " type urn:problem:crm:personal-data-ceiling, with ceiling and day; Retry-After runs to the next company"
            + " day; customers already read today stay readable); or the caller used its budget of reads (type"
            + " urn:problem:crm:rate-limited); or runs as much long work as one may (urn:problem:crm:caller-busy)";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CompanyCalendar calendar;
    @Inject
    Clock clock;
    @Inject
    PersonalDataSettings settings;

    /** Whether reading this customer's (owned by {@code ownerId}, null: the pool) contacts in full is on the record. */
    public static boolean counted(Caller caller, UUID ownerId) {
        return ownerId == null || !ownerId.equals(caller.userId());
    }

    /**
     * Records a read that is about to return {@code rows} contacts (or contact history entries) of one
     * customer in full; nothing when there are none or the caller owns the customer. Call it before
     * the response leaves: a rep or manager who has read as many other distinct customers in full
     * today as the ceiling allows gets 429 for a new one (already counted customers stay readable),
     * and the refusal is put on the alert list of their managers.
     */
    public void read(Caller caller, UUID customerId, UUID ownerId, int rows) {
        if (rows == 0 || !counted(caller, ownerId)) {
            return;
        }
        LocalDate day = calendar.today();
        Instant now = clock.instant();
        int ceiling = bounded(caller) ? settings.dailyCeiling() : 0;
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> update(
                "INSERT INTO personal_data_read (login, user_id, customer_id, day, reads, row_count, first_at, last_at)"
                        + " SELECT ?, ?, ?, ?, 1, ?, ?, ? WHERE ? <= 0"
                        + " OR EXISTS (SELECT 1 FROM personal_data_read WHERE login = ? AND day = ? AND customer_id = ?)"
                        + " OR (SELECT count(*) FROM personal_data_read WHERE login = ? AND day = ?) < ?"
                        + " ON CONFLICT (login, day, customer_id) DO UPDATE SET reads = personal_data_read.reads + 1,"
                        + " row_count = personal_data_read.row_count + EXCLUDED.row_count, last_at = EXCLUDED.last_at",
                statement -> {
                    statement.setString(1, caller.login());
                    statement.setObject(2, caller.userId());
                    statement.setObject(3, customerId);
                    statement.setObject(4, day);
                    statement.setLong(5, rows);
                    statement.setObject(6, now.atOffset(ZoneOffset.UTC));
                    statement.setObject(7, now.atOffset(ZoneOffset.UTC));
                    statement.setInt(8, ceiling);
                    statement.setString(9, caller.login());
                    statement.setObject(10, day);
                    statement.setObject(11, customerId);
                    statement.setString(12, caller.login());
                    statement.setObject(13, day);
                    statement.setInt(14, ceiling);
                }) > 0);
        if (!recorded) {
            refuse(caller, customerId, day, now, ceiling);
        }
    }

    /**
     * A bulk read (a change-feed page, an export) of many customers' contacts: counted customer by
     * customer, written in batches and when closed, never refused (the feed is the apps' sync, the
     * export a permission of its own). Never throws: a read is not cut off for its record.
     */
    public Bulk bulk(Caller caller) {
        return new Bulk(caller);
    }

    /** Gathers the rows of a bulk read per customer; {@link #close} writes what is left. Not thread-safe. */
    public final class Bulk implements AutoCloseable {
        private final Caller caller;
        private final Map<UUID, Long> rows = new HashMap<>();

        private Bulk(Caller caller) {
            this.caller = caller;
        }

        /** One contact of the customer (owned by {@code ownerId}) handed out in full. */
        public void add(UUID customerId, UUID ownerId) {
            if (!counted(caller, ownerId)) {
                return;
            }
            rows.merge(customerId, 1L, Long::sum);
            if (rows.size() >= BULK_BATCH) {
                close();
            }
        }

        @Override
        public void close() {
            if (rows.isEmpty()) {
                return;
            }
            try {
                write();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Reads in full by %s of %d customers' contacts were not recorded", caller.login(), rows.size());
            }
            rows.clear();
        }

        private void write() {
            LocalDate day = calendar.today();
            Instant now = clock.instant();
            Map<UUID, Long> batch = rows;
            UUID[] customers = batch.keySet().toArray(UUID[]::new);
            Long[] counts = Arrays.stream(customers).map(batch::get).toArray(Long[]::new);
            QuarkusTransaction.requiringNew().run(() -> update(
                    "INSERT INTO personal_data_read (login, user_id, customer_id, day, reads, row_count, first_at, last_at)"
                            + " SELECT ?, ?, t.customer, ?, 1, t.n, ?, ?"
                            + " FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[])) AS t(customer, n)"
                            + " ON CONFLICT (login, day, customer_id) DO UPDATE SET reads = personal_data_read.reads + 1,"
                            + " row_count = personal_data_read.row_count + EXCLUDED.row_count, last_at = EXCLUDED.last_at",
                    statement -> {
                        statement.setString(1, caller.login());
                        statement.setObject(2, caller.userId());
                        statement.setObject(3, day);
                        statement.setObject(4, now.atOffset(ZoneOffset.UTC));
                        statement.setObject(5, now.atOffset(ZoneOffset.UTC));
                        statement.setArray(6, statement.getConnection().createArrayOf("uuid", customers));
                        statement.setArray(7, statement.getConnection().createArrayOf("int8", counts));
                    }));
        }
    }

    /** Reps and managers are bounded; admins (who may export everything anyway) and integration are not. */
    private static boolean bounded(Caller caller) {
        return !caller.isAdmin() && !caller.roles().contains(Roles.INTEGRATION);
    }

    private void refuse(Caller caller, UUID customerId, LocalDate day, Instant now, int ceiling) {
        QuarkusTransaction.requiringNew().run(() -> update(
                "INSERT INTO personal_data_alert (id, login, user_id, day, ceiling, customer_id, refusals, first_at,"
                        + " last_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (login, day) DO UPDATE"
                        + " SET refusals = personal_data_alert.refusals + 1, last_at = EXCLUDED.last_at",
                statement -> {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, caller.login());
                    statement.setObject(3, caller.userId());
                    statement.setObject(4, day);
                    statement.setInt(5, ceiling);
                    statement.setObject(6, customerId);
                    statement.setObject(7, now.atOffset(ZoneOffset.UTC));
                    statement.setObject(8, now.atOffset(ZoneOffset.UTC));
                }));
        long retryAfter = Math.max(1, Duration.between(now, calendar.startOf(day.plusDays(1))).toSeconds());
        throw new ProblemException(ProblemType.PERSONAL_DATA_CEILING, "You have read the contacts of " + ceiling
                + " other customers in full today, as many as one may in a day; the contacts of customers read today"
                + " stay readable, others again from the next day", Map.of("ceiling", ceiling, "day", day.toString()))
                .withHeader("Retry-After", String.valueOf(retryAfter));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** One statement on a connection enlisted in the caller's (new) transaction; the rows it changed. */
    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the personal data read record", e);
        }
    }
}
