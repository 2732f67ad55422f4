package io.github.crmvault.claim;

import io.github.crmvault.claim.TransferDtos.TransferRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/transfer")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Ownership")
public class TransferResource {
    @Inject
    TransferService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "transferCustomer", summary = "Give a customer to another rep, with a reason (a manager "
            + "within the team subtrees they manage, an admin anywhere)")
    @APIResponse(responseCode = "200", description = "Transferred",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The customer is archived, or already belongs to toUserId",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response transfer(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON request body is required") TransferRequest request) {
        CustomerResponse customer = service.transfer(Ids.parse("id", id), ifMatch, request);
        return Response.ok(customer).header(HttpHeaders.ETAG, Preconditions.etag(customer.version())).build();
    }
}
