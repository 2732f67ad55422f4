package io.github.crmvault.sync;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.sync.SyncDtos.SyncChanges;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

@Path("/api/v1/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync")
public class SyncResource {
    @Inject
    SyncService service;

    @GET
    @Path("/changes")
    @LongRead
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getChanges", summary = "The change feed: customers and contacts that changed since the "
            + "cursor and that the caller can see, plus what left the caller's view (no cursor: a full initial sync)")
    @APIResponse(responseCode = "200", description = "One page of changes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncChanges.class)))
    @APIResponse(responseCode = "400", description = "A bad limit, or a cursor this API did not issue to this login"
            + " (type urn:problem:crm:validation); or a cursor issued while the login had other roles (a rep who became"
            + " a manager, a manager who no longer is, a role that sees everything gained or lost), or before"
            + " an admin marked the user as leaving or took the mark back (contacts then come masked): the whole view"
            + " changed, so drop the local copy and sync again from no cursor or an export's Feed-Cursor"
            + " (type urn:problem:crm:feed-resync-required)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public SyncChanges changes(
            @QueryParam("cursor") @Parameter(description = "The nextCursor of the previous page; absent for a full "
                    + "initial sync. Issued to one login and its roles: another login's cursor is refused (400), and "
                    + "so is one issued before the login's roles or leaving mark changed (400 feed-resync-required).") String cursor,
            @QueryParam("limit") @Parameter(description = "At most this many changes per page, 1 to 1000 (default 200)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "200"))
            String limit) {
        return service.changes(cursor, limit);
    }
}
