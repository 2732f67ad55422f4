package io.github.crmvault.claim;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/claims")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Claims")
public class ClaimListResource {
    @Inject
    ClaimService service;

    @GET
    @Path("/expiring")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "listExpiringClaims", summary = "The caller's own customers whose protection ends "
            + "within the given days (or has ended: recall takes them next), soonest first; signed ones never expire")
    @APIResponse(responseCode = "200", description = "One page of customers")
    public Page<CustomerResponse> expiring(@Valid @BeanParam PageRequest page,
            @QueryParam("days") @Parameter(description = "How many days ahead to look, 1 to 365 (default 7)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "365", defaultValue = "7"))
            String days) {
        return service.expiring(ClaimService.parseDays(days), page.cursor, page.limit());
    }
}
