package io.github.crmvault.customer;

import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.conflict.ConflictDtos.DuplicateCustomerProblem;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

/** Archiving and restoring a customer: nothing is deleted. */
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerArchiveResource {
    @Inject
    CustomerService service;

    @POST
    @Path("/{id}/archive")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "archiveCustomer", summary = "Archive a customer (nothing is deleted; restore brings it back)")
    @APIResponse(responseCode = "200", description = "Archived",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "Already archived",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response archive(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return CustomerResource.withEtag(service, Response.ok(), service.archive(Ids.parse("id", id), ifMatch));
    }

    @POST
    @Path("/{id}/restore")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "restoreCustomer", summary = "Restore an archived customer")
    @APIResponse(responseCode = "200", description = "Restored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "Not archived; or another live customer has taken one of its"
            + " exact keys meanwhile (urn:problem:crm:duplicate-customer with decision BLOCKED and conflicts)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {DuplicateCustomerProblem.class, Problem.class})))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response restore(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return CustomerResource.withEtag(service, Response.ok(), service.restore(Ids.parse("id", id), ifMatch));
    }
}
