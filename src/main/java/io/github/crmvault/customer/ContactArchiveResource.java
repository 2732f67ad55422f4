package io.github.crmvault.customer;

import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Archiving and restoring a contact: nothing is deleted. */
@Path("/api/v1/customers/{id}/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactArchiveResource {
    @Inject
    ContactService service;

    @POST
    @Path("/{contactId}/archive")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "archiveContact", summary = "Archive a contact (nothing is deleted)")
    @APIResponse(responseCode = "200", description = "Archived",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "Already archived, the customer is archived, or the contact's personal data was erased (urn:problem:crm:contact-erased)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response archive(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return ContactResource.withEtag(Response.ok(), service.setArchived(Ids.parse("id", id), Ids.parse("contactId", contactId), ifMatch, true));
    }

    @POST
    @Path("/{contactId}/restore")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "restoreContact", summary = "Restore an archived contact")
    @APIResponse(responseCode = "200", description = "Restored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "Not archived, the customer is archived, the contact's personal data was erased (urn:problem:crm:contact-erased),"
            + " or the contact's mobile is a conflict key of another live customer (urn:problem:crm:conflict; a conflict check with the mobile names the holder)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response restore(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return ContactResource.withEtag(Response.ok(), service.setArchived(Ids.parse("id", id), Ids.parse("contactId", contactId), ifMatch, false));
    }
}
