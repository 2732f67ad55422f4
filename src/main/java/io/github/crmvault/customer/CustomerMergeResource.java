package io.github.crmvault.customer;

import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.customer.MergeDtos.MergeRequest;
import io.github.crmvault.customer.MergeDtos.MergeResponse;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/merge")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerMergeResource {
    @Inject
    CustomerMergeService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "mergeCustomer", summary = "Merge a duplicate into a survivor: contacts, visits and history "
            + "move to the survivor, the duplicate is archived and points to it (admin)")
    @APIResponse(responseCode = "200", description = "Merged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MergeResponse.class)))
    @APIResponse(responseCode = "409", description = "The duplicate or the survivor is archived, or the duplicate was "
            + "already merged",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is not the duplicate's current ETag",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public MergeResponse merge(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON request body is required") MergeRequest request) {
        return service.merge(Ids.parse("id", id), ifMatch, request);
    }
}
