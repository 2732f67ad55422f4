package io.github.crmvault.visit;

import io.github.crmvault.common.problem.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Date query parameters arrive as text so that a malformed one gets a 400 that names it. */
final class QueryDates {
    private QueryDates() {
    }

    static LocalDate parse(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date such as 2026-01-31");
        }
    }
}
