package io.github.crmvault.claim;

import io.github.crmvault.org.OrgDtos.UserResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the administrative owner changes: transfer and handover. */
final class TransferDtos {
    private TransferDtos() {
    }

    @Schema(name = "TransferRequest", description = "Give the customer to another rep")
    record TransferRequest(
            @NotNull @Schema(required = true, description = "The new owner: an active user") UUID toUserId,
            @NotBlank @Size(max = 500) @Schema(required = true, examples = "区域调整：客户迁至滨江区，由李娜跟进")
            String reason) {
    }

    @Schema(name = "HandoverRequest", description = "Where the leaving user's customers go: exactly one of toUserId "
            + "and toPool=true")
    record HandoverRequest(
            @Schema(description = "The successor: an active user other than the leaving one") UUID toUserId,
            @Schema(description = "true: the customers go to the public pool (then toUserId must be absent)")
            Boolean toPool,
            @NotBlank @Size(max = 500) @Schema(required = true, examples = "张伟离职，客户交接给李娜") String reason,
            @Schema(description = "true: deactivate the user in the same transaction; defaults to false")
            Boolean deactivate) {
    }

    @Schema(name = "HandoverResult")
    record HandoverResponse(
            @Schema(required = true, description = "The leaving user, after the handover (inactive if deactivated)")
            UserResponse user,
            @Schema(description = "The successor; absent when the customers went to the pool") UUID toUserId,
            @Schema(required = true, description = "How many customers moved, archived ones included") int customersMoved) {
    }
}
