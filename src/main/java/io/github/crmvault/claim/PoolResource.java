package io.github.crmvault.claim;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/pool")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Claims")
public class PoolResource {
    @Inject
    CustomerAccess customers;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listPool", summary = "The public pool: live customers without an owner, newest first, "
            + "searchable like the customer list")
    @APIResponse(responseCode = "200", description = "One page of pool customers")
    public Page<CustomerResponse> pool(@Valid @BeanParam PageRequest page,
            @QueryParam("q") @Size(min = 1, max = 100)
            @Parameter(description = "Matches the company name (any substring, Chinese too) or phone digits") String q) {
        return customers.pool(q, page.cursor, page.limit());
    }
}
