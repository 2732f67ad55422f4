package io.github.crmvault.followup;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.RankCursor;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.Grade;
import io.github.crmvault.followup.FollowUpDtos.FollowUpItem;
import io.github.crmvault.followup.FollowUpDtos.Kind;
import io.github.crmvault.followup.FollowUpRepository.Row;
import io.github.crmvault.followup.FollowUpRepository.Rules;
import io.github.crmvault.followup.FollowUpRepository.Scope;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * What the caller should do today, derived on every read so it is never stale: done means a visit
 * recorded or a next step changed. Scope: the customers the caller can see that have an owner, so a
 * rep gets their own, a manager their own and their subtree's reps', an admin everyone's (grouped by
 * owner, with {@code ownerId} to pick one).
 */
@ApplicationScoped
class FollowUpService {
    @Inject
    FollowUpRepository repository;
    @Inject
    CallerContext callers;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CrmSettings settings;
    @Inject
    Clock clock;

    Page<FollowUpItem> list(Set<Kind> kinds, UUID ownerId, String cursor, int limit) {
        RankCursor after = RankCursor.decode(cursor);
        Caller caller = callers.current();
        LocalDate today = calendar.today();
        Grade.Window window = calendar.gradeWindow();
        Instant now = clock.instant();
        Rules rules = new Rules(settings.timeZone().getId(), today, window.lastA(), settings.grade().aWithinDays(),
                settings.grade().bWithinDays(), settings.followUp().aCustomerIdleDays(),
                now.plus(settings.followUp().protectionEndingDays(), ChronoUnit.DAYS));
        var rows = repository.page(new Scope(caller.visibility(), ownerId), kinds, rules, after, limit + 1);
        return Page.of(rows, limit, row -> item(row, today, now, window), row -> row.cursor().encode());
    }

    private static FollowUpItem item(Row row, LocalDate today, Instant now, Grade.Window window) {
        int overdue = (int) Math.max(0, ChronoUnit.DAYS.between(row.dueOn(), today));
        boolean nextStep = row.kind() == Kind.NEXT_STEP_DUE || row.kind() == Kind.NEXT_STEP_OVERDUE;
        return new FollowUpItem(row.kind(), reason(row, today, now, overdue), row.dueOn(), overdue, row.customerId(),
                row.customerName(), window.of(row.expectedSignDate()), row.expectedSignDate(), row.ownerId(),
                row.ownerName(), row.visitId(), row.visitedAt(), nextStep ? row.nextStep() : null,
                row.kind() == Kind.PROTECTION_ENDING ? row.protectedUntil() : null);
    }

    private static String reason(Row row, LocalDate today, Instant now, int overdue) {
        String late = overdue == 0 ? "" : " (" + days(overdue) + " overdue)";
        return switch (row.kind()) {
            case NEXT_STEP_OVERDUE, NEXT_STEP_DUE -> "next step due " + row.dueOn() + late
                    + (row.nextStep() == null ? "" : ": " + row.nextStep());
            case A_CUSTOMER_NOT_VISITED -> "A customer expected to sign " + row.expectedSignDate() + ", "
                    + (row.visitedAt() == null ? "never visited since owned from " : "last visited ") + row.seenOn()
                    + " (" + days((int) ChronoUnit.DAYS.between(row.seenOn(), today)) + " ago)";
            case PROTECTION_ENDING -> row.protectedUntil().isAfter(now)
                    ? "protection ends " + row.dueOn() + "; an effective visit extends it"
                    : "protection ended " + row.dueOn() + "; recall returns the customer to the pool next";
            case B_MOVED_INTO_A -> "moved from B into A on " + row.dueOn() + " (expected to sign "
                    + row.expectedSignDate() + "), not visited since";
        };
    }

    private static String days(int n) {
        return n == 1 ? "1 day" : n + " days";
    }

    /** The kind filter: a comma list of kinds; absent, every kind. */
    static Set<Kind> kinds(String text) {
        if (text == null) {
            return EnumSet.allOf(Kind.class);
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String part : text.split(",", -1)) {
            try {
                kinds.add(Kind.valueOf(part.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("kind", "must be one or a comma list of " + EnumSet.allOf(Kind.class));
            }
        }
        return kinds;
    }
}
