package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.Measures;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The single-number measures, in the order of the CSV columns and rows, by their JSON names; each one
 * can rank the leaderboard (largest first). Deal amounts are per currency and rank nothing.
 */
enum Measure {
    VISITS("visits", m -> m.visits()),
    EFFECTIVE_VISITS("effectiveVisits", m -> m.effectiveVisits()),
    MEAN_NOTE_LENGTH("meanNoteLength", Measures::meanNoteLength),
    MEAN_QUALITY_SCORE("meanQualityScore", Measures::meanQualityScore),
    SHARE_UNDER_NOTE_MINIMUM("shareUnderNoteMinimum", Measures::shareUnderNoteMinimum),
    CUSTOMERS_VISITED("customersVisited", m -> m.customersVisited()),
    NEW_CUSTOMERS("newCustomers", m -> m.newCustomers()),
    CLAIMS("claims", m -> m.claims()),
    RELEASES("releases", m -> m.releases()),
    RECALLS("recalls", m -> m.recalls()),
    DEALS_SIGNED("dealsSigned", m -> m.dealsSigned()),
    CUSTOMERS_SIGNED("customersSigned", m -> m.customersSigned()),
    VISITED_CUSTOMERS_SIGNED("visitedCustomersSigned", m -> m.visitedCustomersSigned()),
    SIGNING_RATE("signingRate", Measures::signingRate),
    VISITS_PER_SIGNED_CUSTOMER("visitsPerSignedCustomer", Measures::visitsPerSignedCustomer),
    ONE_VISIT_CLOSES("oneVisitCloses", m -> m.oneVisitCloses()),
    A_SIGNED_WITHIN_WINDOW("aSignedWithinWindow", m -> m.aSignedWithinWindow());

    /** The leaderboard's default order: who signed most customers, then who made most effective visits. */
    static final Measure DEFAULT_SORT = CUSTOMERS_SIGNED;

    final String key;
    private final Function<Measures, Number> value;

    Measure(String key, Function<Measures, Number> value) {
        this.key = key;
        this.value = value;
    }

    /** The value, null when the measure is a mean or ratio without anything to divide. */
    Number of(Measures measures) {
        return value.apply(measures);
    }

    /** As a decimal for comparing; null stays null. */
    BigDecimal decimal(Measures measures) {
        Number number = of(measures);
        if (number == null) {
            return null;
        }
        return number instanceof BigDecimal decimal ? decimal : BigDecimal.valueOf(number.longValue());
    }

    static java.util.Optional<Measure> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(m -> m.key).toList());
    }
}
