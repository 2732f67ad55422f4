package io.github.crmvault.conflict;

import io.github.crmvault.common.ratelimit.RateClass;
import io.github.crmvault.common.ratelimit.RateLimited;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.conflict.ConflictDtos.ConflictCheckRequest;
import io.github.crmvault.conflict.ConflictDtos.ConflictCheckResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Conflict checks before creating or claiming a customer. Integration tokens may not call it: they
 * create and claim nothing, and see every customer anyway.
 */
@Path("/api/v1/conflict-checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conflict checks")
public class ConflictCheckResource {
    @Inject
    ConflictService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @RateLimited(RateClass.CONFLICT_CHECKS)
    @Operation(operationId = "checkConflicts", summary = "Does this company already exist as a live customer, and who holds it?",
            description = "BLOCKED when an exact key (credit code, phone, company e-mail domain or website, normalised "
                    + "name) belongs to a live customer, WARNING when only similar names exist, CLEAR otherwise. Creating "
                    + "such a customer would be refused with 409 duplicate-customer. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The decision and the matching customers")
    public ConflictCheckResponse check(@Valid @NotNull(message = "a JSON request body is required") ConflictCheckRequest request) {
        return service.check(request.identity());
    }
}
