package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The review deadline from the table of days (ReportRepository.reviewDays, what the reports use) is the
 * one worked out from each visit's own ready time, for ready times every 7 minutes around the period,
 * after it and after the table's end, in zones with clock changes at 02:00, at midnight (forwards and
 * back), by half an hour, with a skipped day, and none.
 */
@QuarkusTest
class ReviewDeadlineTest {
    @Inject
    EntityManager em;

    @ParameterizedTest
    @CsvSource({
        "Asia/Shanghai, 2026-10-01, 2026-10-31",
        "Europe/Berlin, 2025-03-01, 2025-04-30",
        "Europe/Berlin, 2025-10-01, 2025-11-15",
        "America/Santiago, 2025-03-20, 2025-04-20",
        "America/Santiago, 2025-08-25, 2025-09-20",
        "America/Havana, 2025-03-01, 2025-03-31",
        "America/Havana, 2025-10-20, 2025-11-10",
        "Australia/Lord_Howe, 2025-03-25, 2025-04-15",
        "Asia/Kolkata, 2025-06-01, 2025-06-30",
        "Pacific/Apia, 2011-12-20, 2012-01-10",
    })
    void theDaysTableGivesEveryReadyTimeItsOwnDeadline(String zone, LocalDate from, LocalDate to) {
        Object[] r = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT count(*), count(*) FILTER (WHERE " + ReportRepository.DUE_BY + " IS DISTINCT FROM "
                        + ReportRepository.deadline("CAST(ready AT TIME ZONE :zone AS date)") + "),"
                        + " count(*) FILTER (WHERE k.whole[day])"
                        + " FROM (" + ReportRepository.reviewDays() + ") k CROSS JOIN LATERAL (SELECT ready, "
                        + ReportRepository.READY_DAY + " AS day FROM (SELECT generate_series(CAST(:fromDay AS timestamp)"
                        + " - interval '2 days', CAST(:toDay AS timestamp) + interval '4 days', interval '7 minutes')"
                        + " AT TIME ZONE :zone AS ready UNION ALL SELECT generate_series(now() - interval '1 day',"
                        + " now() + interval '3 days', interval '7 minutes')) t) x")
                .setParameter("zone", zone)
                .setParameter("offsets", "{1,1,1,1,3,2,1}")
                .setParameter("fromDay", from)
                .setParameter("toDay", to)
                .getSingleResult());
        long readyTimes = ((Number) r[0]).longValue();
        assertEquals(0L, ((Number) r[1]).longValue(), "ready times whose deadline differs, of " + readyTimes);
        assertTrue(((Number) r[2]).longValue() > readyTimes / 2, "most ready times fall on whole days of the table");
    }
}
