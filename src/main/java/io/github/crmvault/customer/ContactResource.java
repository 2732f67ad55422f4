package io.github.crmvault.customer;

import io.github.crmvault.audit.PersonalDataAuditDtos.PersonalDataCeilingProblem;
import io.github.crmvault.audit.PersonalDataReads;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.ContactRequest;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.common.idempotency.Idempotency;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactResource {
    static final String SCOPE_FORBIDDEN = "The caller's role may not do this, the login is unknown or deactivated, or "
            + "an integration token's scope claim lacks contacts:read (urn:problem:crm:insufficient-scope)";

    @Inject
    Idempotency idempotency;
    @Inject
    ContactService service;
    @Inject
    MergePatch mergePatch;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listContacts", summary = "List a customer's contacts, oldest first")
    @APIResponse(responseCode = "200", description = "One page of contacts")
    @APIResponse(responseCode = "403", description = SCOPE_FORBIDDEN,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", description = PersonalDataReads.TOO_MANY,
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {PersonalDataCeilingProblem.class, Problem.class})))
    public Page<ContactResponse> list(@PathParam("id") String id, @Valid @BeanParam PageRequest page,
            @QueryParam("includeArchived") @Pattern(regexp = "true|false", message = "must be true or false")
            @Parameter(schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false")) String includeArchived) {
        return service.list(Ids.parse("id", id), "true".equals(includeArchived), page.cursor, page.limit());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "createContact", summary = "Add a contact to a customer")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The customer is archived, or the contact's mobile is a conflict"
            + " key of another live customer (urn:problem:crm:conflict; a conflict check with the mobile names the holder)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response create(@PathParam("id") String id, @HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @Valid @NotNull(message = "a JSON request body is required") ContactRequest request) {
        UUID customerId = Ids.parse("id", id);
        return idempotency.run(idempotencyKey, "createContact", request, () -> {
            ContactResponse contact = service.create(customerId, request);
            return withEtag(Response.created(URI.create("/api/v1/customers/" + id + "/contacts/" + contact.id())), contact);
        });
    }

    @GET
    @Path("/{contactId}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getContact", summary = "Get a contact")
    @APIResponse(responseCode = "429", description = PersonalDataReads.TOO_MANY,
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {PersonalDataCeilingProblem.class, Problem.class})))
    @APIResponse(responseCode = "200", description = "The contact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "403", description = SCOPE_FORBIDDEN,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response get(@PathParam("id") String id, @PathParam("contactId") String contactId) {
        return withEtag(Response.ok(), service.get(Ids.parse("id", id), Ids.parse("contactId", contactId)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{contactId}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "updateContact", summary = "Replace a contact's fields (If-Match required)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The contact is archived, or its personal data was erased "
            + "(urn:problem:crm:contact-erased: erasure is final), or the customer is archived, or the contact's mobile"
            + " is a conflict key of another live customer (urn:problem:crm:conflict; a conflict check with the mobile names the holder)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response update(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull(message = "a JSON request body is required") ContactRequest request) {
        return withEtag(Response.ok(), service.update(Ids.parse("id", id), Ids.parse("contactId", contactId), ifMatch, request));
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    @Path("/{contactId}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "patchContact", summary = "Change some of a contact's fields (JSON Merge Patch: null"
            + " clears a field); the rules and answers of updateContact (If-Match required)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "ContactPatch"),
            examples = @ExampleObject(name = "promoted", summary = "A new title; the messaging id cleared",
                    value = "{\"title\": \"副总经理\", \"messagingId\": null}")))
    public Response patch(@PathParam("id") String id, @PathParam("contactId") String contactId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String patch) {
        return withEtag(Response.ok(), service.update(Ids.parse("id", id), Ids.parse("contactId", contactId), ifMatch,
                mergePatch.read(patch, ContactRequest.class)));
    }

    static Response withEtag(Response.ResponseBuilder builder, ContactResponse contact) {
        return builder.entity(contact).header(HttpHeaders.ETAG, Preconditions.etag(contact.version())).build();
    }
}
