package io.github.crmvault.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
    @Test
    void namesBecomePositionalInOrderOfOccurrenceCastsAndLiteralsStay() {
        NamedSql sql = NamedSql.of("SELECT x::text, ':no' FROM t WHERE a = :id AND b = ANY(CAST(:keys AS uuid[]))"
                + " AND d < CAST(:after AS date) LIMIT :limit) q LIMIT :limit");
        assertEquals("SELECT x::text, ':no' FROM t WHERE a = ? AND b = ANY(CAST(? AS uuid[]))"
                + " AND d < CAST(? AS date) LIMIT ?) q LIMIT ?", sql.jdbc());
        assertEquals(List.of("id", "keys", "after", "limit", "limit"), sql.names());
    }
}
