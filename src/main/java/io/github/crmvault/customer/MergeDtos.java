package io.github.crmvault.customer;

import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of merging a duplicate customer into its survivor. */
final class MergeDtos {
    private MergeDtos() {
    }

    @Schema(name = "MergeRequest", description = "Merge the customer of the path (the duplicate) into the survivor")
    record MergeRequest(
            @NotNull @Schema(required = true, description = "The customer that absorbs the duplicate") UUID survivorId,
            @NotBlank @Size(max = 500) @Schema(required = true, examples = "同一家公司：名称简写与全称重复录入")
            String reason) {
    }

    @Schema(name = "MergeResult", description = "Both customers after the merge and what moved to the survivor")
    record MergeResponse(
            @Schema(required = true) CustomerResponse survivor,
            @Schema(required = true, description = "Archived, with mergedIntoId naming the survivor") CustomerResponse duplicate,
            @Schema(required = true, description = "Contacts moved, archived ones included") int contactsMoved,
            @Schema(required = true, description = "Visits moved, with their ids") int visitsMoved,
            @Schema(required = true, description = "Reviews of those visits moved with them") int reviewsMoved,
            @Schema(required = true, description = "Deals moved, cancelled ones included; they keep the rep they credit")
            int dealsMoved,
            @Schema(required = true, description = "History entries of the duplicate moved to the survivor's history")
            int historyEntriesMoved) {
    }
}
