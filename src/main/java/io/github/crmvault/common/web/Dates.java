package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Every date and instant a client sends, in a query or a body, lies in the years 1900 to 9999: Java
 * parses years up to ±999,999,999 that PostgreSQL cannot store or compare, and year 0 does not exist
 * in PostgreSQL. Text parameters are parsed here so that a bad one gets a 400 that names it.
 */
public final class Dates {
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 9999;
    public static final String DATE_EXPECTED = "must be a date such as 2026-01-31, in the years "
            + FIRST_YEAR + " to " + LAST_YEAR;
    public static final String INSTANT_EXPECTED = "must be an instant such as 2026-01-31T00:00:00Z, in the years "
            + FIRST_YEAR + " to " + LAST_YEAR;

    private Dates() {
    }

    /** Null for an absent or empty parameter. */
    public static LocalDate parseDate(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (inRange(date)) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ProblemException.invalid(field, DATE_EXPECTED);
    }

    /** An ISO-8601 instant with an offset (Z or +08:00); null for an absent or empty parameter. */
    public static Instant parseInstant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (inRange(instant)) {
                return instant;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ProblemException.invalid(field, INSTANT_EXPECTED);
    }

    public static boolean inRange(LocalDate date) {
        return date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR;
    }

    /** The year as seen in UTC. */
    public static boolean inRange(Instant instant) {
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }
}
