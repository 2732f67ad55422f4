package io.github.crmvault.support;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The company day (Asia/Shanghai, 16:00 UTC at midnight) as tests that span several requests need it. */
public final class CompanyDay {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private CompanyDay() {
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /**
     * Waits out the last minute before the company's midnight, so a test whose steps must fall on one
     * company day (a visit today, then a read that depends on it) cannot straddle two.
     */
    public static void awayFromMidnight() {
        ZonedDateTime now = ZonedDateTime.now(ZONE);
        Duration left = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZONE));
        if (left.compareTo(Duration.ofMinutes(1)) < 0) {
            try {
                Thread.sleep(left.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
