package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * ReportRepository.inSorted (how the visits statement finds a group's signed customers among the
 * customers it visited) answers as {@code = ANY} does, for arrays built as that statement builds them
 * (array_agg of distinct uuids in their order) of 0 to 60 elements, probed with every element, with
 * uuids that are not in them (below, between and above), and for an array that is null (no visits).
 */
@QuarkusTest
class ReportSortedLookupTest {
    @Inject
    EntityManager em;

    @Test
    void binarySearchAnswersAsAnyDoes() {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "WITH sets AS (SELECT s, (SELECT array_agg(DISTINCT x ORDER BY x) FROM (SELECT gen_random_uuid() AS x"
                        + " FROM generate_series(1, s % 61)) e) AS arr FROM generate_series(0, 400) s),"
                        + " probes AS (SELECT s, arr, p FROM sets CROSS JOIN LATERAL (SELECT unnest(arr) AS p"
                        + " UNION ALL SELECT gen_random_uuid() FROM generate_series(1, 20)"
                        + " UNION ALL SELECT CAST('00000000-0000-0000-0000-000000000000' AS uuid)"
                        + " UNION ALL SELECT CAST('ffffffff-ffff-ffff-ffff-ffffffffffff' AS uuid)) q)"
                        + " SELECT count(*), count(*) FILTER (WHERE coalesce(" + ReportRepository.inSorted("p", "arr")
                        + ", false) IS DISTINCT FROM coalesce(p = ANY(arr), false)), count(*) FILTER (WHERE p = ANY(arr)),"
                        + " count(*) FILTER (WHERE arr IS NULL) FROM probes")
                .getSingleResult());
        assertEquals(0L, ((Number) r[1]).longValue(), "probes answered differently, of " + r[0]);
        assertTrue(((Number) r[2]).longValue() > 10_000, "probes that are elements");
        assertTrue(((Number) r[3]).longValue() > 0, "probes of a null array (a group without visits)");
    }
}
