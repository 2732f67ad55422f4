package io.github.crmvault.audit;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.audit.PersonalDataAuditDtos.AlertResponse;
import io.github.crmvault.audit.PersonalDataAuditDtos.ReadRecordResponse;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The admins' view of the reads of personal data, and the alert list of the ceiling. */
@ApplicationScoped
class PersonalDataAudit {
    private static final String READS_CURSOR = "r1:";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    CallerContext callers;

    /** A keyset position in the read audit: the last entry's login and customer. */
    record ReadPosition(String login, UUID customerId) {
    }

    /**
     * The reads in full of the days from..to (company days, inclusive), of one user or all, one entry
     * per user and customer, ordered by login and customer.
     */
    Page<ReadRecordResponse> reads(UUID userId, LocalDate from, LocalDate to, String cursor, int limit) {
        // Known, active admins only, like every other endpoint.
        callers.current();
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        ReadPosition after = decode(cursor);
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (userId != null) {
            where.append(" AND user_id = ?");
            params.add(userId);
        }
        if (from != null) {
            where.append(" AND day >= ?");
            params.add(from);
        }
        if (to != null) {
            where.append(" AND day <= ?");
            params.add(to);
        }
        // The distinct customers of each user are counted over the whole period, before the page is cut.
        StringBuilder sql = new StringBuilder("WITH g AS (SELECT login, max(user_id::text) AS user_id, customer_id,"
                + " count(*) AS days, sum(reads) AS reads, sum(row_count) AS row_count, min(first_at) AS first_at,"
                + " max(last_at) AS last_at FROM personal_data_read").append(where).append(" GROUP BY login, customer_id),"
                + " w AS (SELECT g.*, count(*) OVER (PARTITION BY login) AS customers FROM g)"
                + " SELECT w.user_id, w.login, w.customers, w.customer_id, c.name, w.days, w.reads, w.row_count,"
                + " w.first_at, w.last_at FROM w LEFT JOIN customer c ON c.id = w.customer_id");
        if (after != null) {
            sql.append(" WHERE (w.login, w.customer_id) > (?, ?)");
            params.add(after.login());
            params.add(after.customerId());
        }
        sql.append(" ORDER BY w.login, w.customer_id LIMIT ?");
        params.add(limit + 1);
        List<ReadRecordResponse> rows = query(sql.toString(), params, r -> new ReadRecordResponse(
                r.getString(1) == null ? null : UUID.fromString(r.getString(1)), r.getString(2), r.getLong(3),
                r.getObject(4, UUID.class), r.getString(5), r.getLong(6), r.getLong(7), r.getLong(8),
                r.getObject(9, OffsetDateTime.class).toInstant(), r.getObject(10, OffsetDateTime.class).toInstant()));
        return Page.of(rows, limit, e -> e, e -> encode(new ReadPosition(e.login(), e.customerId())));
    }

    /**
     * The ceiling's alerts, newest first, in the caller's scope: an admin's all, a manager's those of
     * the users in the team subtrees they manage and their own, anyone else's their own.
     */
    Page<AlertResponse> alerts(UUID userId, String cursor, int limit) {
        Caller caller = callers.current();
        Cursor after = Cursor.decode(cursor);
        StringBuilder sql = new StringBuilder("SELECT id, user_id, login, day, ceiling, customer_id, refusals, first_at,"
                + " last_at FROM personal_data_alert WHERE true");
        List<Object> params = new ArrayList<>();
        if (!caller.isAdmin()) {
            List<UUID> scope = new ArrayList<>(caller.managedUserIds());
            if (caller.userId() != null) {
                scope.add(caller.userId());
            }
            sql.append(" AND user_id = ANY (CAST(? AS uuid[]))");
            params.add(scope.toArray(UUID[]::new)); // typed: the ANY tests it on every row
        }
        if (userId != null) {
            sql.append(" AND user_id = ?");
            params.add(userId);
        }
        if (after != null) {
            sql.append(" AND (first_at, id) < (?, ?)");
            params.add(after.at().atOffset(ZoneOffset.UTC));
            params.add(after.id());
        }
        sql.append(" ORDER BY first_at DESC, id DESC LIMIT ?");
        params.add(limit + 1);
        List<AlertResponse> rows = query(sql.toString(), params, r -> new AlertResponse(r.getObject(1, UUID.class),
                "PERSONAL_DATA_CEILING", r.getObject(2, UUID.class), r.getString(3), r.getObject(4, LocalDate.class),
                r.getInt(5), r.getObject(6, UUID.class), r.getInt(7), r.getObject(8, OffsetDateTime.class).toInstant(),
                r.getObject(9, OffsetDateTime.class).toInstant()));
        return Page.of(rows, limit, a -> a, a -> new Cursor(a.firstAt(), a.id()).encode());
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i) instanceof UUID[] ids) {
                    statement.setArray(i + 1, connection.createArrayOf("uuid", ids));
                } else {
                    statement.setObject(i + 1, params.get(i));
                }
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the personal data audit", e);
        }
    }

    private static String encode(ReadPosition position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((READS_CURSOR + position.customerId() + ":"
                + position.login()).getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor; a 400 for anything this API did not issue. */
    private static ReadPosition decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(READS_CURSOR) || raw.indexOf(0) >= 0) {
                throw new IllegalArgumentException("prefix");
            }
            String body = raw.substring(READS_CURSOR.length());
            int colon = body.indexOf(':');
            return new ReadPosition(body.substring(colon + 1), UUID.fromString(body.substring(0, colon)));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this API issued; start again without one");
        }
    }
}
