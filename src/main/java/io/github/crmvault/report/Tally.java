package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import io.github.crmvault.report.ReportDtos.Measures;
import io.github.crmvault.report.ReportDtos.ReviewDiscipline;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw sums and counts of one scope or leaderboard group, as the repository's statements add them
 * up; {@link #measures()} turns them into the published figures, rounding in one place.
 */
final class Tally {
    long visits;
    long effectiveVisits;
    long noteLengthSum;
    long qualityScoreSum;
    long underNoteMinimum;
    long customersVisited;
    long newCustomers;
    long claims;
    long releases;
    long recalls;
    long dealsSigned;
    final List<CurrencyAmount> dealAmounts = new ArrayList<>();
    long customersSigned;
    long visitedCustomersSigned;
    long visitsToSignedCustomers;
    long oneVisitCloses;
    long aSignedWithinWindow;
    long reviewed;
    long reviewedWithin;
    Double medianHoursToFirstReview;
    Double p90HoursToFirstReview;
    long reviews;
    long needsWork;
    long backlog;
    /** When the oldest visit of the backlog was there to review; null without backlog. */
    Instant backlogSince;

    Measures measures() {
        return new Measures(visits, effectiveVisits, ratio(noteLengthSum, visits, 2), ratio(qualityScoreSum, visits, 2),
                ratio(underNoteMinimum, visits, 4), customersVisited, newCustomers, claims, releases, recalls,
                dealsSigned, List.copyOf(dealAmounts), customersSigned, visitedCustomersSigned,
                ratio(visitedCustomersSigned, customersVisited, 4), ratio(visitsToSignedCustomers, customersSigned, 2),
                oneVisitCloses, aSignedWithinWindow);
    }

    /** The review figures, the backlog's age as of {@code now}. */
    ReviewDiscipline reviewDiscipline(Instant now) {
        BigDecimal oldest = backlogSince == null ? null
                : hours(Math.max(0, Duration.between(backlogSince, now).toMillis()) / 3_600_000d);
        return new ReviewDiscipline(reviewed, ratio(reviewed, visits, 4), reviewedWithin, ratio(reviewedWithin, visits, 4),
                hours(medianHoursToFirstReview), hours(p90HoursToFirstReview), reviews, needsWork,
                ratio(needsWork, reviews, 4), backlog, oldest);
    }

    private static BigDecimal hours(Double hours) {
        return hours == null ? null : BigDecimal.valueOf(hours).setScale(2, RoundingMode.HALF_UP);
    }

    /** numerator ÷ denominator at the given decimals, half up; null when there is nothing to divide by. */
    static BigDecimal ratio(long numerator, long denominator, int decimals) {
        if (denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), decimals, RoundingMode.HALF_UP);
    }
}
