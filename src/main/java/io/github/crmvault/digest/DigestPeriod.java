package io.github.crmvault.digest;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.web.Dates;
import io.github.crmvault.digest.DigestDtos.Kind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.regex.Pattern;

/** A company day, or an ISO week (Monday to Sunday), in crm.time-zone. */
record DigestPeriod(Kind kind, LocalDate from, LocalDate to) {
    private static final Pattern WEEK = Pattern.compile("^\\d{4}-W\\d{2}$");

    static DigestPeriod day(LocalDate day) {
        return new DigestPeriod(Kind.DAILY, day, day);
    }

    /** The week that holds the day. */
    static DigestPeriod weekOf(LocalDate day) {
        LocalDate monday = day.with(DayOfWeek.MONDAY);
        return new DigestPeriod(Kind.WEEKLY, monday, monday.plusDays(6));
    }

    static DigestPeriod of(Kind kind, LocalDate start) {
        return kind == Kind.DAILY ? day(start) : weekOf(start);
    }

    /** ?day=2026-03-02; a day after today is refused: nothing happened in it yet. */
    static DigestPeriod parseDay(String value, LocalDate today) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("day", "is required: a date such as 2026-03-02");
        }
        return notFuture("day", day(Dates.parseDate("day", value)), today);
    }

    /** ?week=2026-W10, an ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday. */
    static DigestPeriod parseWeek(String value, LocalDate today) {
        String expected = "must be an ISO week such as 2026-W10 (years " + Dates.FIRST_YEAR + " to " + Dates.LAST_YEAR
                + ", weeks 01 to 52, or 53 in years that have it)";
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid("week", "is required: " + expected.substring("must be ".length()));
        }
        if (!WEEK.matcher(value).matches()) {
            throw ProblemException.invalid("week", expected);
        }
        LocalDate monday;
        try {
            monday = LocalDate.parse(value + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("week", expected);
        }
        if (!Dates.inRange(monday)) {
            throw ProblemException.invalid("week", expected);
        }
        return notFuture("week", weekOf(monday), today);
    }

    private static DigestPeriod notFuture(String field, DigestPeriod period, LocalDate today) {
        if (period.from.isAfter(today)) {
            throw ProblemException.invalid(field, "is in the future (today is " + today + " in the company time zone)");
        }
        return period;
    }

    /** Over (the company's today is after its last day): it may be built, and then never changes. */
    boolean ended(LocalDate today) {
        return to.isBefore(today);
    }

    /** As the query parameter names it: 2026-03-02 or 2026-W10. */
    String label() {
        if (kind == Kind.DAILY) {
            return from.toString();
        }
        return String.format("%d-W%02d", from.get(IsoFields.WEEK_BASED_YEAR), from.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
