package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.Measures;
import io.github.crmvault.report.ReportDtos.ReviewDiscipline;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The single-number measures, in the order of the CSV columns and rows, by their JSON names; each one
 * can rank the leaderboard (largest first). Deal amounts are per currency and rank nothing. The review
 * discipline's come last, so the CSV columns and rows before them stay where they were.
 */
enum Measure {
    VISITS("visits", f -> f.measures().visits()),
    EFFECTIVE_VISITS("effectiveVisits", f -> f.measures().effectiveVisits()),
    MEAN_NOTE_LENGTH("meanNoteLength", f -> f.measures().meanNoteLength()),
    MEAN_QUALITY_SCORE("meanQualityScore", f -> f.measures().meanQualityScore()),
    SHARE_UNDER_NOTE_MINIMUM("shareUnderNoteMinimum", f -> f.measures().shareUnderNoteMinimum()),
    CUSTOMERS_VISITED("customersVisited", f -> f.measures().customersVisited()),
    NEW_CUSTOMERS("newCustomers", f -> f.measures().newCustomers()),
    CLAIMS("claims", f -> f.measures().claims()),
    RELEASES("releases", f -> f.measures().releases()),
    RECALLS("recalls", f -> f.measures().recalls()),
    DEALS_SIGNED("dealsSigned", f -> f.measures().dealsSigned()),
    CUSTOMERS_SIGNED("customersSigned", f -> f.measures().customersSigned()),
    VISITED_CUSTOMERS_SIGNED("visitedCustomersSigned", f -> f.measures().visitedCustomersSigned()),
    SIGNING_RATE("signingRate", f -> f.measures().signingRate()),
    VISITS_PER_SIGNED_CUSTOMER("visitsPerSignedCustomer", f -> f.measures().visitsPerSignedCustomer()),
    ONE_VISIT_CLOSES("oneVisitCloses", f -> f.measures().oneVisitCloses()),
    A_SIGNED_WITHIN_WINDOW("aSignedWithinWindow", f -> f.measures().aSignedWithinWindow()),
    REVIEWED(true, "reviewed", f -> f.discipline().reviewed()),
    REVIEWED_SHARE(true, "reviewedShare", f -> f.discipline().reviewedShare()),
    REVIEWED_WITHIN(true, "reviewedWithin", f -> f.discipline().reviewedWithin()),
    REVIEWED_WITHIN_SHARE(true, "reviewedWithinShare", f -> f.discipline().reviewedWithinShare()),
    MEDIAN_HOURS_TO_FIRST_REVIEW(true, "medianHoursToFirstReview", f -> f.discipline().medianHoursToFirstReview()),
    P90_HOURS_TO_FIRST_REVIEW(true, "p90HoursToFirstReview", f -> f.discipline().p90HoursToFirstReview()),
    REVIEWS(true, "reviews", f -> f.discipline().reviews()),
    NEEDS_WORK(true, "needsWork", f -> f.discipline().needsWork()),
    NEEDS_WORK_SHARE(true, "needsWorkShare", f -> f.discipline().needsWorkShare()),
    BACKLOG(true, "backlog", f -> f.discipline().backlog()),
    BACKLOG_OLDEST_HOURS(true, "backlogOldestHours", f -> f.discipline().backlogOldestHours());

    /** The leaderboard's default order: who signed most customers, then who made most effective visits. */
    static final Measure DEFAULT_SORT = CUSTOMERS_SIGNED;

    /** A report's or leaderboard row's figures, as the measures read them. */
    record Figures(Measures measures, ReviewDiscipline discipline) {
        static Figures of(ReportDtos.Report report) {
            return new Figures(report.measures(), report.reviewDiscipline());
        }

        static Figures of(ReportDtos.LeaderboardRow row) {
            return new Figures(row.measures(), row.reviewDiscipline());
        }
    }

    /** The sort key: the field's name in ReportMeasures or ReviewDiscipline (they share none). */
    final String key;
    /** In reviewDiscipline: CSV names it reviewDiscipline.key, after the other measures and the deal amounts. */
    final boolean discipline;
    private final Function<Figures, Number> value;

    Measure(String key, Function<Figures, Number> value) {
        this(false, key, value);
    }

    Measure(boolean discipline, String key, Function<Figures, Number> value) {
        this.key = key;
        this.discipline = discipline;
        this.value = value;
    }

    /** The CSV row or column: the key, prefixed with reviewDiscipline. for those figures. */
    String column() {
        return discipline ? "reviewDiscipline." + key : key;
    }

    static List<Measure> ofMeasures() {
        return Arrays.stream(values()).filter(m -> !m.discipline).toList();
    }

    static List<Measure> ofDiscipline() {
        return Arrays.stream(values()).filter(m -> m.discipline).toList();
    }

    /** The value, null when the measure is a mean or ratio without anything to divide. */
    Number of(Figures figures) {
        return value.apply(figures);
    }

    /** As a decimal for comparing; null stays null. */
    BigDecimal decimal(Figures figures) {
        Number number = of(figures);
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
