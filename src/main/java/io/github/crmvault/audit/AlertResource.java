package io.github.crmvault.audit;

import io.github.crmvault.audit.PersonalDataAuditDtos.AlertResponse;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users stopped by the daily ceiling on reading contacts in full, for the people above them. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AlertResource {
    @Inject
    PersonalDataAudit service;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "listAlerts", summary = "Users who reached the daily ceiling on personal data reads",
            description = "One alert per user and company day on which a read of contacts in full was refused for the"
                    + " daily ceiling (crm.personal-data.daily-ceiling), with the refusals of that day. In the caller's"
                    + " scope: an admin sees every alert, a manager those of the users in the team subtrees they"
                    + " manage and their own, a rep their own. Newest first; keyset paged: pass nextCursor back as"
                    + " cursor.")
    @APIResponse(responseCode = "200", description = "One page of alerts")
    @APIResponse(responseCode = "403", description = "Integration tokens have no alerts to read (type"
            + " urn:problem:crm:forbidden); or the login is unknown or deactivated (urn:problem:crm:unknown-user)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Page<AlertResponse> list(@Valid @BeanParam PageRequest page,
            @QueryParam("userId") @Parameter(description = "Only this user's alerts (within the caller's scope)",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String userId) {
        return service.alerts(Ids.parse("userId", userId), page.cursor, page.limit());
    }
}
