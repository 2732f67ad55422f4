package io.github.crmvault.audit;

import io.github.crmvault.audit.ExportAuditDtos.ExportRecordResponse;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Dates;
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

/** The company's record of who took its data out in bulk; for admins only. */
@Path("/api/v1/audit/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class ExportAuditResource {
    @Inject
    ExportAuditService service;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listExports", summary = "Every bulk export and refused export attempt, newest first",
            description = "One entry per request to /api/v1/export/*: who, which export, its filters, when it started "
                    + "and ended, the rows and bytes sent and how it ended. An export is listed from the moment it "
                    + "opens (RUNNING) and completed when it ends, whichever way. Keyset paged: pass nextCursor back "
                    + "as cursor; entries started after the first page was read do not shift the pages.")
    @APIResponse(responseCode = "200", description = "One page of exports")
    @APIResponse(responseCode = "403", description = "Only admins read the export log (type urn:problem:crm:forbidden); "
            + "or the login is unknown or deactivated (urn:problem:crm:unknown-user)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Page<ExportRecordResponse> list(@Valid @BeanParam PageRequest page,
            @QueryParam("userId") @Parameter(description = "Only this user's exports",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String userId,
            @QueryParam("from") @Parameter(description = "First day of the export's start, in the company time zone "
                    + "(GET /api/v1/settings)", example = "2026-01-01",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String from,
            @QueryParam("to") @Parameter(description = "Last day, inclusive, in the company time zone",
                    example = "2026-01-31", schema = @Schema(type = SchemaType.STRING, format = "date")) String to) {
        return service.exports(Ids.parse("userId", userId), Dates.parseDate("from", from),
                Dates.parseDate("to", to), page.cursor, page.limit());
    }
}
