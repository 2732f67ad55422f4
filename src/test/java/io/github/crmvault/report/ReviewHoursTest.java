package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/**
 * The hours to a first review (ReportRepository.HOURS, what review discipline sorts for its percentiles)
 * are bit for bit the double of the exact numeric epoch, for 300,000 random gaps of a microsecond's
 * precision: under a day, a day to five, and negative ones. The double epoch alone rounds some of the
 * longer ones differently, which is why they keep the numeric path.
 */
@QuarkusTest
class ReviewHoursTest {
    private static final String EXACT = "CAST(greatest(0, extract(epoch FROM first_at - ready)) AS double precision) / 3600";

    @Inject
    EntityManager em;

    @Test
    void theHoursAreTheDoubleOfTheExactEpoch() {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT count(*), count(*) FILTER (WHERE " + ReportRepository.HOURS + " IS DISTINCT FROM " + EXACT + "),"
                        + " count(*) FILTER (WHERE greatest(0, date_part('epoch', first_at - ready)) / 3600 IS DISTINCT FROM "
                        + EXACT + "), count(*) FILTER (WHERE first_at - ready >= interval '1 day'),"
                        + " count(*) FILTER (WHERE first_at < ready)"
                        + " FROM (SELECT ready, ready + CAST(CASE WHEN i % 3 = 0 THEN random() * 432000e6"
                        + " WHEN i % 3 = 1 THEN random() * 86400e6 ELSE (random() - 0.2) * 7200e6 END AS bigint)"
                        + " * interval '1 microsecond' AS first_at FROM (SELECT i, now() - random() * interval '400 days'"
                        + " AS ready FROM generate_series(1, 300000) i) t) x")
                .getSingleResult());
        assertEquals(0L, ((Number) r[1]).longValue(), "gaps whose hours differ, of " + r[0]);
        assertTrue(((Number) r[2]).longValue() > 0, "the double epoch alone differs on some gaps of a day or more");
        assertTrue(((Number) r[3]).longValue() > 50_000, "gaps of a day or more");
        assertTrue(((Number) r[4]).longValue() > 10_000, "negative gaps");
    }
}
