package io.github.crmvault.settings;

import io.github.crmvault.customer.Grade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Days as the company counts them: "today", and where a day starts, in {@code crm.time-zone}. Reads
 * the time from a {@link Clock} bean so tests can let days pass (grades move with the date).
 */
@ApplicationScoped
public class CompanyCalendar {
    @Inject
    CrmSettings settings;
    @Inject
    Clock clock;

    public LocalDate today() {
        return LocalDate.now(clock.withZone(settings.timeZone()));
    }

    /** The first instant of a day in the company's time zone. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(settings.timeZone()).toInstant();
    }

    public boolean isWorkingDay(LocalDate day) {
        return settings.review().workingDays().contains(day.getDayOfWeek());
    }

    /** The {@code n}-th working day after {@code day} (n = 0: the day itself, working or not). */
    public LocalDate workingDaysAfter(LocalDate day, int n) {
        LocalDate result = day;
        for (int left = n; left > 0; ) {
            result = result.plusDays(1);
            if (isWorkingDay(result)) {
                left--;
            }
        }
        return result;
    }

    /** Now, on the calendar's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** Today's grade boundaries. */
    public Grade.Window gradeWindow() {
        return Grade.Window.on(today(), settings.grade().aWithinDays(), settings.grade().bWithinDays());
    }

    /** The system clock; a test alternative replaces it to move time. */
    @Singleton
    static class SystemClock {
        @Produces
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
