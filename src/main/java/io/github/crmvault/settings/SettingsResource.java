package io.github.crmvault.settings;

import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settings")
public class SettingsResource {
    @Inject
    CrmSettings settings;
    @Inject
    CallerContext callers;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getSettings", summary = "The business rules in force: note minimum, score, edit window, grades, claims, conflict checks")
    @APIResponse(responseCode = "200", description = "The settings")
    public SettingsResponse get() {
        // Known, active users only, like every other endpoint.
        callers.current();
        return SettingsResponse.of(settings);
    }
}
