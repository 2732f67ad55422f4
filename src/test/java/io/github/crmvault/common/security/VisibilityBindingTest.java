package io.github.crmvault.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.sql.NamedSql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The owner keys reach {@link Visibility#SQL_PREDICATE} as a uuid[] value, through plain JDBC ({@link NamedSql}) and
 * through Hibernate's native queries alike: the plan then holds one array constant. Bound as text, the plan keeps
 * the cast ({@code '{...}'::cstring)::uuid[]}) and parses the literal again for every row it tests.
 */
@QuarkusTest
class VisibilityBindingTest {
    private static final String EXPLAIN = "EXPLAIN (VERBOSE, COSTS OFF) SELECT c.id FROM customer c WHERE c.name = 'x' AND "
            + Visibility.SQL_PREDICATE;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EntityManager em;

    private final UUID owner = UUID.randomUUID();
    private final Visibility visibility = Visibility.poolAnd(List.of(owner));

    @Test
    void namedSqlBindsTheKeysAsOneArrayConstant() throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = NamedSql.of(EXPLAIN).prepare(connection,
                        Map.of("visibleOwners", visibility.ownerKeysSqlArray()));
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        assertConstant(plan.toString());
    }

    @Test
    @Transactional
    void nativeQueriesBindTheKeysAsOneArrayConstant() {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery(EXPLAIN).setParameter("visibleOwners", visibility.ownerKeysSqlArray())
                .getResultList();
        assertConstant(rows.stream().map(String::valueOf).collect(Collectors.joining("\n")));
    }

    @Test
    void theKeysAreACopy() {
        UUID[] keys = visibility.ownerKeysSqlArray();
        keys[0] = owner;
        assertEquals(Visibility.POOL, visibility.ownerKeysSqlArray()[0]);
    }

    private void assertConstant(String plan) {
        assertTrue(plan.contains("'{" + Visibility.POOL + "," + owner + "}'::uuid[]"), plan);
        assertFalse(plan.contains("cstring"), plan);
    }
}
