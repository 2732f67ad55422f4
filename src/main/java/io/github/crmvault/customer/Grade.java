package io.github.crmvault.customer;

import java.time.LocalDate;

/**
 * A customer's grade by expected signing date (ABC类客户): A when due within {@code a-within-days}
 * of today in the company's time zone (overdue dates included: they are the most urgent), B within
 * {@code b-within-days}, C later or unknown. Never stored: derived from the date and today, so a
 * customer due in 40 days is B today and A ten days later without anyone touching it.
 */
public enum Grade {
    A, B, C;

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

        public void bind(jakarta.persistence.Query query) {
            query.setParameter("gradeLastA", lastA);
            query.setParameter("gradeLastB", lastB);
        }
    }
}
