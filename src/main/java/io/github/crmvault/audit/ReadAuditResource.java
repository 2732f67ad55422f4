package io.github.crmvault.audit;

import io.github.crmvault.audit.PersonalDataAuditDtos.ReadRecordResponse;
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

/** Who read whose contacts' personal data in full; for admins only. */
@Path("/api/v1/audit/reads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class ReadAuditResource {
    @Inject
    PersonalDataAudit service;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listPersonalDataReads", summary = "Who read which customers' contacts in full",
            description = "One entry per user and customer: the reads that returned that customer's contacts' phones"
                    + " or e-mails unmasked (contact reads, contact history, change-feed pages, exports) to a user who"
                    + " does not own the customer, over the company days asked, with the number of distinct customers"
                    + " that user read so in the period. A customer's owner reading it is not recorded. Ordered by"
                    + " login then customer id; keyset paged: pass nextCursor back as cursor.")
    @APIResponse(responseCode = "200", description = "One page of reads")
    @APIResponse(responseCode = "403", description = "Only admins read the audit (type urn:problem:crm:forbidden); "
            + "or the login is unknown or deactivated (urn:problem:crm:unknown-user)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Page<ReadRecordResponse> list(@Valid @BeanParam PageRequest page,
            @QueryParam("userId") @Parameter(description = "Only this user's reads",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String userId,
            @QueryParam("from") @Parameter(description = "First company day (time zone in GET /api/v1/settings)",
                    example = "2026-01-01", schema = @Schema(type = SchemaType.STRING, format = "date")) String from,
            @QueryParam("to") @Parameter(description = "Last company day, inclusive", example = "2026-01-31",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String to) {
        return service.reads(Ids.parse("userId", userId), Dates.parseDate("from", from),
                Dates.parseDate("to", to), page.cursor, page.limit());
    }
}
