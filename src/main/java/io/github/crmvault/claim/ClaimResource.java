package io.github.crmvault.claim;

import io.github.crmvault.claim.ClaimDtos.ClaimCoolDownProblem;
import io.github.crmvault.claim.ClaimDtos.ClaimLimitReachedProblem;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/** One root path per operation: a root of /customers/{id} would shadow the customer resource's own sub-paths. */
@Path("/api/v1/customers/{id}/claim")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Claims")
public class ClaimResource {
    @Inject
    ClaimService service;

    @POST
    @RolesAllowed({Roles.SALES, Roles.MANAGER})
    @Operation(operationId = "claimCustomer", summary = "Claim a customer of the public pool: the caller becomes its "
            + "owner, protected for the protection period (no request body)")
    @APIResponse(responseCode = "200", description = "Claimed: the customer, owned by the caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "403", description = "The caller's role may not claim, the login is unknown or "
            + "deactivated, or an admin marked the caller as leaving (type urn:problem:crm:user-leaving)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "Refused: the customer has an owner, the caller holds the most "
            + "customers a rep may, the caller released or lost it too recently, or it is archived (types "
            + "urn:problem:crm:customer-owned, urn:problem:crm:claim-limit-reached, urn:problem:crm:claim-cool-down, "
            + "urn:problem:crm:conflict)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(oneOf = {ClaimLimitReachedProblem.class, ClaimCoolDownProblem.class})))
    public Response claim(@PathParam("id") String id) {
        CustomerResponse customer = service.claim(Ids.parse("id", id));
        return Response.ok(customer).header(HttpHeaders.ETAG, Preconditions.etag(customer.version())).build();
    }
}
