package io.github.crmvault.customer;

import jakarta.persistence.Query;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A customer's grade by expected signing date (ABC类客户): A when due within {@code a-within-days}
 * of today in the company's time zone (overdue dates included: they are the most urgent), B within
 * {@code b-within-days}, C later or unknown. Never stored: derived from the date and today, so a
 * customer due in 40 days is B today and A ten days later without anyone touching it.
 */
public enum Grade {
    A, B, C;

    /**
     * The grade order's key over a customer aliased {@code c}: the expected signing date, none after
     * every date. Ascending, it is the grade order (A, B, C; soonest first, no date last); the indexes
     * of V8 are on this expression.
     */
    public static final String NO_DATE_LAST = "COALESCE(c.expected_sign_date, DATE 'infinity')";

    /** The last expected signing dates of grades A and B on a given day. */
    public record Window(LocalDate lastA, LocalDate lastB) {
        public static Window on(LocalDate today, int aWithinDays, int bWithinDays) {
            return new Window(today.plusDays(aWithinDays), today.plusDays(Math.max(aWithinDays, bWithinDays)));
        }

        public Grade of(LocalDate expectedSignDate) {
            if (expectedSignDate == null || expectedSignDate.isAfter(lastB)) {
                return C;
            }
            return expectedSignDate.isAfter(lastA) ? B : A;
        }

        /**
         * The same rule in SQL over a date column, with {@code :gradeLastA} and {@code :gradeLastB}
         * bound by {@link #bind}; for reports that count grades.
         */
        public static String sqlCase(String dateColumn) {
            return "CASE WHEN " + dateColumn + " IS NULL OR " + dateColumn + " > :gradeLastB THEN 'C'"
                    + " WHEN " + dateColumn + " > :gradeLastA THEN 'B' ELSE 'A' END";
        }

        /**
         * The customers of some grades as ranges of a date column with no date mapped to after every
         * window ({@link #NO_DATE_LAST}), so an index on that expression serves it; bound like
         * {@link #sqlCase}. Null when every grade is wanted.
         */
        public static String sqlFilter(Set<Grade> grades) {
            if (grades.containsAll(EnumSet.allOf(Grade.class))) {
                return null;
            }
            if (grades.equals(EnumSet.of(A, C))) {
                return "(" + NO_DATE_LAST + " <= :gradeLastA OR " + NO_DATE_LAST + " > :gradeLastB)";
            }
            // One grade or two neighbours: a single range.
            Grade first = Collections.min(grades);
            Grade last = Collections.max(grades);
            List<String> bounds = new ArrayList<>();
            if (first != A) {
                bounds.add(NO_DATE_LAST + " > " + (first == B ? ":gradeLastA" : ":gradeLastB"));
            }
            if (last != C) {
                bounds.add(NO_DATE_LAST + " <= " + (last == A ? ":gradeLastA" : ":gradeLastB"));
            }
            return "(" + String.join(" AND ", bounds) + ")";
        }

        public void bind(Query query) {
            query.setParameter("gradeLastA", lastA);
            query.setParameter("gradeLastB", lastB);
        }
    }
}
