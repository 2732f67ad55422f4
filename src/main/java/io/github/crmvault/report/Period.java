package io.github.crmvault.report;

import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.web.Dates;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The days a report covers, both inclusive, in the company's time zone. Bounded so that nobody asks
 * the database for a decade of visits by accident.
 */
record Period(LocalDate from, LocalDate to) {
    /** Three years of leap years: 1,098 days; 1,099 (3 × 366 + 1) and more are refused. */
    static final int MAX_DAYS = 3 * 366;

    long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** Both dates, each checked, with every problem named at once (400). */
    static Period parse(String from, String to) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate first = date("from", from, errors);
        LocalDate last = date("to", to, errors);
        if (errors.isEmpty()) {
            if (last.isBefore(first)) {
                errors.add(new Problem.FieldError("to", "is before from; the period runs from the first day to the last"));
            } else if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
                errors.add(new Problem.FieldError("to", "makes the period longer than " + MAX_DAYS
                        + " days (three years); ask for a shorter one"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
        return new Period(first, last);
    }

    private static LocalDate date(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required: a date such as 2026-01-31"));
            return null;
        }
        try {
            return Dates.parseDate(field, value);
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
            return null;
        }
    }
}
