package io.github.crmvault.claim;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of claims, releases and the ownership log. */
public final class ClaimDtos {
    private ClaimDtos() {
    }

    @Schema(name = "ReleaseRequest")
    record ReleaseRequest(
            @NotBlank @Size(max = 500) @Schema(required = true, examples = "客户已选择竞争对手，暂无需求",
                    description = "Why the customer goes back to the pool; kept in its history and ownership log")
            String reason) {
    }

    @Schema(name = "OwnerRef", description = "An owner: a user, or the public pool")
    record OwnerRef(
            @Schema(required = true, description = "True for the public pool; then userId is absent") boolean pool,
            UUID userId,
            @Schema(description = "The user's display name now") String displayName) {
    }

    @Schema(name = "OwnershipEntry", description = "One change of a customer's owner")
    record OwnershipEntryResponse(
            @Schema(required = true, description = "Increases with every change; the newest is the highest") long id,
            @Schema(required = true, enumeration = {"CREATE", "CLAIM", "RELEASE", "RECALL", "TRANSFER", "HANDOVER",
                    "MERGE"}) String kind,
            @Schema(description = "The owner before; absent for the creation") OwnerRef from,
            @Schema(required = true, description = "The owner after") OwnerRef to,
            @Schema(required = true, description = "Login of who made the change; \"system\" for a recall") String actor,
            @Schema(description = "The reason given") String reason,
            @Schema(required = true) Instant at) {
    }

    @Schema(name = "ClaimLimitReachedProblem", description = "Problem urn:problem:crm:claim-limit-reached: the "
            + "caller holds the most customers a rep may hold; limit and held say how many")
    record ClaimLimitReachedProblem(
            @Schema(required = true) String type,
            @Schema(required = true, examples = "Claim limit reached") String title,
            @Schema(required = true) int status,
            @Schema(examples = "You hold 100 customers, the most a rep may hold") String detail,
            @Schema(required = true, examples = "100", description = "The most customers a rep may hold") int limit,
            @Schema(required = true, examples = "100", description = "How many the caller holds") long held) {
    }

    @Schema(name = "ClaimCoolDownProblem", description = "Problem urn:problem:crm:claim-cool-down: the caller "
            + "released or lost this customer too recently; claimableAt says from when they may claim it again")
    record ClaimCoolDownProblem(
            @Schema(required = true) String type,
            @Schema(required = true, examples = "Claim cool-down") String title,
            @Schema(required = true) int status,
            @Schema(examples = "You released or lost this customer at 2026-01-01T00:00:00Z") String detail,
            @Schema(required = true, description = "When the caller may claim this customer again") Instant claimableAt) {
    }
}
