package io.github.crmvault.claim;

import io.github.crmvault.claim.ClaimDtos.OwnershipEntryResponse;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/ownership")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Claims")
public class OwnershipResource {
    @Inject
    OwnershipLog log;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getCustomerOwnership", summary = "Every owner change of a customer (create, claim, "
            + "release, recall, transfer, handover, merge), newest first")
    @APIResponse(responseCode = "200", description = "One page of ownership entries")
    public Page<OwnershipEntryResponse> ownership(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return log.of(Ids.parse("id", id), page.cursor, page.limit());
    }
}
