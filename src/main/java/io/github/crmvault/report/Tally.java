package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import io.github.crmvault.report.ReportDtos.Measures;
import java.math.BigDecimal;
import java.math.RoundingMode;
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

    Measures measures() {
        return new Measures(visits, effectiveVisits, ratio(noteLengthSum, visits, 2), ratio(qualityScoreSum, visits, 2),
                ratio(underNoteMinimum, visits, 4), customersVisited, newCustomers, claims, releases, recalls,
                dealsSigned, List.copyOf(dealAmounts), customersSigned, visitedCustomersSigned,
                ratio(visitedCustomersSigned, customersVisited, 4), ratio(visitsToSignedCustomers, customersSigned, 2),
                oneVisitCloses, aSignedWithinWindow);
    }

    /** numerator ÷ denominator at the given decimals, half up; null when there is nothing to divide by. */
    static BigDecimal ratio(long numerator, long denominator, int decimals) {
        if (denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), decimals, RoundingMode.HALF_UP);
    }
}
