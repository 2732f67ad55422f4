package io.github.crmvault.customer;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Customer reads that need no entity: plain JDBC on the default pool, autocommit, no persistence
 * context, each row mapped straight into the API's {@link CustomerResponse}. Get-one is one static
 * statement that applies {@link Visibility#SQL_PREDICATE} and reads the row; the list runs the SQL
 * {@link CustomerRepository#listSql} builds. Writes keep the entity ({@link CustomerRepository}).
 */
@ApplicationScoped
class CustomerReads {
    /** Every column {@link CustomerResponse} shows, in the order {@link #response} reads them; customer aliased c. */
    static final String COLUMNS = "c.id, c.name, c.credit_code, c.phones, c.emails, c.website, c.industry,"
            + " c.company_size, c.province, c.city, c.address, c.source, c.status, c.expected_sign_date, c.tags,"
            + " c.notes, c.owner_id, c.claimed_at, c.protected_until, c.merged_into_id, c.archived, c.version,"
            + " c.created_at, c.created_by, c.updated_at, c.updated_by";

    /** Get-one for a caller who sees everything. */
    private static final NamedSql ONE = NamedSql.of("SELECT " + COLUMNS + " FROM customer c WHERE c.id = :id");
    /** Get-one with the visibility rule: one statement, one round trip; a row the caller may not see is no row. */
    private static final NamedSql ONE_VISIBLE = NamedSql.of("SELECT " + COLUMNS + " FROM customer c WHERE c.id = :id AND "
            + Visibility.SQL_PREDICATE);

    @Inject
    AgroalDataSource dataSource;

    /** The customer if the caller's visibility includes it, as the API shows it with grades of {@code window}. */
    Optional<CustomerResponse> findVisible(UUID id, Visibility visibility, Grade.Window window) {
        List<CustomerResponse> rows = visibility.seesEverything()
                ? query(ONE, Map.of("id", id), window)
                : query(ONE_VISIBLE, Map.of("id", id, "visibleOwners", visibility.ownerKeysSqlArray()), window);
        return rows.stream().findFirst();
    }

    /** The rows of {@code sql} (which selects {@link #COLUMNS}) as the API shows them. */
    List<CustomerResponse> query(NamedSql sql, Map<String, ?> params, Grade.Window window) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = sql.prepare(connection, params);
                ResultSet rows = statement.executeQuery()) {
            List<CustomerResponse> result = new ArrayList<>();
            while (rows.next()) {
                result.add(response(rows, window));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read customers", e);
        }
    }

    /** One row of {@link #COLUMNS}: the same fields {@link CustomerResponse#of} takes from the entity. */
    static CustomerResponse response(ResultSet r, Grade.Window window) throws SQLException {
        String size = r.getString(8);
        LocalDate expected = r.getObject(14, LocalDate.class);
        return new CustomerResponse(r.getObject(1, UUID.class), r.getString(2), r.getString(3), texts(r.getArray(4)),
                texts(r.getArray(5)), r.getString(6), r.getString(7),
                size == null ? null : Customer.CompanySize.valueOf(size), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), Customer.Status.valueOf(r.getString(13)), expected,
                window.of(expected), texts(r.getArray(15)), r.getString(16), r.getObject(17, UUID.class),
                instant(r, 18), instant(r, 19), r.getObject(20, UUID.class), r.getBoolean(21), r.getLong(22),
                instant(r, 23), r.getString(24), instant(r, 25), r.getString(26));
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
        } finally {
            array.free();
        }
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
