package io.github.crmvault.claim;

import io.github.crmvault.claim.TransferDtos.HandoverRequest;
import io.github.crmvault.claim.TransferDtos.HandoverResponse;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.org.OrgDtos.UserOwnsCustomersProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/users/{id}/handover")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ownership")
public class HandoverResource {
    @Inject
    HandoverService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "handOverCustomers", summary = "Hand all of a leaving user's customers to a successor or "
            + "to the pool in one transaction, optionally deactivating the user (admin)")
    @APIResponse(responseCode = "200", description = "Handed over (customersMoved may be 0)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HandoverResponse.class)))
    @APIResponse(responseCode = "409", description = "deactivate=true, and a customer reached the user while the handover "
            + "ran; nothing was changed, run it again",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = UserOwnsCustomersProblem.class)))
    public HandoverResponse handover(@PathParam("id") String id,
            @Valid @NotNull(message = "a JSON request body is required") HandoverRequest request) {
        return service.handover(Ids.parse("id", id), request);
    }
}
