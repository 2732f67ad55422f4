package io.github.crmvault.sync;

import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.visit.VisitDtos.ReviewResponse;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The change feed's response bodies. */
final class SyncDtos {
    private SyncDtos() {
    }

    @Schema(name = "SyncChanges", description = "One page of the change feed. Apply customers, then contacts, visits and "
            + "reviews and deals, then removed; each record appears at most once per page, in its current state.")
    record SyncChanges(
            @Schema(required = true, description = "Customers that changed and that the caller can see, as they are now")
            List<CustomerResponse> customers,
            @Schema(required = true, description = "Contacts that changed and that the caller can see, as they are now")
            List<ContactResponse> contacts,
            @Schema(required = true, description = "Visits that changed and that the caller can see, as they are now")
            List<VisitResponse> visits,
            @Schema(required = true, description = "Reviews that were written on visits the caller can see")
            List<ReviewResponse> reviews,
            @Schema(required = true, description = "Deals that changed (recorded or cancelled) and that the caller can see, as they are now")
            List<DealResponse> deals,
            @Schema(required = true, description = "Records the caller could see and no longer can (archived, "
                    + "moved to an owner outside the caller's view, or whose customer did, or whose owner left the "
                    + "teams the caller manages): drop them. A removed or archived customer's contacts, visits, "
                    + "reviews and deals are listed too. A record the caller never could see is never listed.")
            List<Removed> removed,
            @Schema(required = true, description = "Pass it back as cursor to get what changed after this page; "
                    + "also on the last page, to poll for later changes. It works for this login only.")
            String nextCursor,
            @Schema(required = true, description = "True when more changes are ready now: fetch again at once")
            boolean hasMore) {
    }

    @Schema(name = "SyncRemoved", description = "A record that left the caller's view")
    record Removed(
            @Schema(required = true, enumeration = {"CUSTOMER", "CONTACT", "VISIT", "REVIEW", "DEAL"}) String type,
            @Schema(required = true) UUID id) {
    }
}
