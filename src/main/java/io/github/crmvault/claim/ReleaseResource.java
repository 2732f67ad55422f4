package io.github.crmvault.claim;

import io.github.crmvault.claim.ClaimDtos.ReleaseRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

@Path("/api/v1/customers/{id}/release")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Claims")
public class ReleaseResource {
    @Inject
    ClaimService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "releaseCustomer", summary = "Put a customer back in the public pool, with a reason: "
            + "its owner, a manager above them or an admin")
    @APIResponse(responseCode = "200", description = "Released: the customer, now in the pool",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The customer is in the pool already "
            + "(urn:problem:crm:customer-in-pool), or archived (urn:problem:crm:conflict)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response release(@PathParam("id") String id,
            @Valid @NotNull(message = "a JSON request body with a reason is required") ReleaseRequest request) {
        CustomerResponse customer = service.release(Ids.parse("id", id), request.reason());
        return Response.ok(customer).header(HttpHeaders.ETAG, Preconditions.etag(customer.version())).build();
    }
}
