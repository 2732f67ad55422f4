package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * conflict_similar_names reuses one generic plan per connection (V39): its answers must stay those of its
 * query planned for the very name, on every call, not only on the first ones.
 */
@QuarkusTest
class SimilarNamesPlanTest {
    private static final String SELF = "00000000-0000-0000-0000-000000000000";

    @Inject
    DataSource db;

    @Test
    void theFunctionAnswersAsItsQueryPlannedForEachName() throws SQLException {
        // A stem of rare characters no other test's names share, so the names are similar to each other only.
        java.util.Random random = new java.util.Random();
        StringBuilder stemBuilder = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            stemBuilder.append((char) (0x9000 + random.nextInt(0x0800)));
        }
        String stem = stemBuilder.toString();
        List<String> names = List.of(stem + "星辰环保科技有限公司", stem + "星辰环保科技发展有限公司", stem + "星辰环宝科技有限公司",
                stem + "月光餐饮管理有限公司", stem + "月光餐饮有限公司", stem + "晨曦教育咨询有限公司");
        List<String> ids = names.stream().map(name -> Api.as(Org.ADMIN).queryParam("acknowledgeSimilar", "true")
                .body(Customers.body(name)).post("/api/v1/customers").then().statusCode(201).extract().<String>path("id"))
                .toList();
        try (Connection connection = db.getConnection()) {
            List<String> cores = Sql.strings(connection, "SELECT core_name FROM customer_name"
                    + " WHERE customer_id = ANY(CAST(? AS uuid[])) ORDER BY core_name", "{" + String.join(",", ids) + "}");
            assertEquals(names.size(), cores.size(), "the customers' normalised names");
            // Two rounds on one connection: well past the five custom plans PostgreSQL would otherwise make.
            int similarFound = 0;
            for (int round = 0; round < 2; round++) {
                for (String core : cores) {
                    List<String> byFunction = Sql.strings(connection, "SELECT hit_id || ' ' || hit_core || ' ' || hit_similarity"
                            + " FROM conflict_similar_names(?, 0.55, CAST('" + SELF + "' AS uuid), 10)", core);
                    List<String> byQuery = Sql.strings(connection, "SELECT n.customer_id || ' ' || n.core_name || ' '"
                            + " || similarity(n.core_name, q.core) FROM customer_name n, (SELECT CAST(? AS text) AS core) q"
                            + " WHERE similarity(n.core_name, q.core) >= CAST(0.55 AS float8)"
                            + " ORDER BY similarity(n.core_name, q.core) DESC, n.customer_id LIMIT 10", core);
                    assertEquals(byQuery, byFunction, "similar names of " + core + " in round " + round);
                    similarFound += byFunction.size() > 1 ? 1 : 0;
                }
            }
            assertFalse(similarFound == 0, "some names have similar ones besides themselves");
        }
    }
}
