package io.github.crmvault.customer;

import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.EraseRequest;
import io.github.crmvault.customer.CustomerDtos.PersonalDataResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A contact person's rights under PIPL / GDPR: erasure and subject access, for admins only. */
@Path("/api/v1/customers/{id}/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactPersonalDataResource {
    @Inject
    ContactService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{contactId}/erase")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "eraseContact", summary = "Erase a contact's personal data for good (PIPL / GDPR; admins only)",
            description = "Name becomes " + CustomerDtos.ERASED_MARKER + "; title, email and messagingId are cleared and "
                    + "phones emptied. The same values in the contact's history entries become " + CustomerDtos.ERASED_MARKER
                    + " (the entries stay), and the contact comes again in the change feed, erased, so clients overwrite "
                    + "their copies; exports carry it erased. One ERASE history entry records who, when and the reason, "
                    + "without values. Visits that met the contact keep the link and their notes: notes are free text "
                    + "and are not scanned. Works on archived contacts and customers. Final: later writes to the contact "
                    + "are refused with 409 contact-erased. Idempotent: erasing an erased contact answers 200 with the "
                    + "same contact and records nothing.")
    @APIResponse(responseCode = "200", description = "The erased contact (also when it was erased already)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response erase(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @Valid @NotNull(message = "a JSON request body is required") EraseRequest request) {
        return ContactResource.withEtag(Response.ok(), service.erase(Ids.parse("id", id), Ids.parse("contactId", contactId), request.reason()));
    }

    @GET
    @Path("/{contactId}/personal-data")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getContactPersonalData", summary = "Everything held about a contact person, for a subject "
            + "access request (admins only)", description = "The contact in full, every history entry of the contact "
            + "oldest first, and every visit that met them (id, date, channel, notes, outcome, next step). Visit notes "
            + "of other visits may mention the person too: they are free text and are not searched.")
    @APIResponse(responseCode = "200", description = "The person's data",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonalDataResponse.class)))
    public PersonalDataResponse personalData(@PathParam("id") String id, @PathParam("contactId") String contactId) {
        return service.personalData(Ids.parse("id", id), Ids.parse("contactId", contactId));
    }
}
