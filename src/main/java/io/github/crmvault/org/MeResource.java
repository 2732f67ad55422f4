package io.github.crmvault.org;

import io.github.crmvault.common.security.Roles;
import io.github.crmvault.org.OrgDtos.MeResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
public class MeResource {
    @Inject
    OrgService org;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getMe", summary = "Who am I: login, roles, user record and managed teams")
    @APIResponse(responseCode = "200", description = "The caller")
    public MeResponse me() {
        return org.me();
    }
}
