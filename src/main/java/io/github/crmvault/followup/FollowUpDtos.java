package io.github.crmvault.followup;

import io.github.crmvault.customer.Grade;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The response body of the follow-up list. */
final class FollowUpDtos {
    private FollowUpDtos() {
    }

    /** The kinds of follow-up, most urgent first: the declaration order is the urgency rank. */
    @Schema(name = "FollowUpKind", description = """
            Why the customer is on the list, most urgent first:
            - NEXT_STEP_OVERDUE: the next step of the customer's latest visit was due before today;
            - NEXT_STEP_DUE: it is due today (company day, GET /api/v1/settings timeZone);
            - A_CUSTOMER_NOT_VISITED: an A customer nobody visited for followUp.aCustomerIdleDays days (counted from \
            the day the owner got it when it was never visited);
            - PROTECTION_ENDING: the claim's protection ends within followUp.protectionEndingDays days, or ended \
            and recall takes the customer next (as GET /api/v1/claims/expiring);
            - B_MOVED_INTO_A: an A customer whose expected signing date was still in B's window on the day of its \
            latest visit (or, never visited, on the day the owner got it): time moved it into A since anyone \
            looked at it. Not listed when A_CUSTOMER_NOT_VISITED lists it already.
            """)
    enum Kind {
        NEXT_STEP_OVERDUE, NEXT_STEP_DUE, A_CUSTOMER_NOT_VISITED, PROTECTION_ENDING, B_MOVED_INTO_A;

        /** The urgency rank: 1 is the most urgent. */
        int rank() {
            return ordinal() + 1;
        }

        static Kind ofRank(int rank) {
            return values()[rank - 1];
        }
    }

    @Schema(name = "FollowUp", description = "One thing to do for a customer. Derived on every read from the customer"
            + " and its visits: done by recording a visit (or changing the latest visit's next step), never stored")
    record FollowUpItem(
            @Schema(required = true) Kind kind,
            @Schema(required = true, examples = "next step due 2026-12-03 (2 days overdue): 带报价上门",
                    description = "Why, for people; the other fields say it for programs") String reason,
            @Schema(required = true, description = "The company day it is (or was) due: the next step's date; the"
                    + " last visit's day plus the idle days; the day protection ends; the day the customer entered"
                    + " A's window") LocalDate dueOn,
            @Schema(required = true, minimum = "0", examples = "2", description = "Company days since dueOn; 0 when due"
                    + " today or later") int daysOverdue,
            @Schema(required = true) UUID customerId,
            @Schema(required = true) String customerName,
            @Schema(required = true, description = "Graded as of today") Grade customerGrade,
            LocalDate expectedSignDate,
            @Schema(required = true, description = "The rep who owns the customer") UUID ownerId,
            @Schema(required = true, description = "The owner's display name now") String ownerName,
            @Schema(description = "The latest visit of the customer; absent when it was never visited") UUID visitId,
            @Schema(description = "When the latest visit took place") Instant lastVisitedAt,
            @Schema(description = "NEXT_STEP_* only: the next step of the latest visit") String nextStep,
            @Schema(description = "PROTECTION_ENDING only: when recall may take the customer") Instant protectedUntil) {
    }
}
