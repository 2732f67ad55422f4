package io.github.crmvault.customer;

import io.github.crmvault.audit.PersonalDataAuditDtos.PersonalDataCeilingProblem;
import io.github.crmvault.audit.PersonalDataReads;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.CustomerRequest;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerDtos.HistoryEntryResponse;
import io.github.crmvault.common.idempotency.Idempotency;
import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.conflict.AcknowledgeSimilar;
import io.github.crmvault.conflict.ConflictDtos.DuplicateCustomerProblem;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {
    @Inject
    Idempotency idempotency;

    @Inject
    CustomerService service;
    @Inject
    MergePatch mergePatch;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "createCustomer", summary = "Create a customer: a rep's own, an admin's in the public pool")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The company is already a customer, or similar names exist"
            + " (urn:problem:crm:duplicate-customer with decision and conflicts)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {DuplicateCustomerProblem.class, Problem.class})))
    public Response create(@HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @QueryParam(AcknowledgeSimilar.PARAMETER) @Parameter(description = AcknowledgeSimilar.DESCRIPTION,
                    schema = @Schema(type = SchemaType.BOOLEAN)) String acknowledgeSimilar,
            @Valid @NotNull(message = "a JSON request body is required") CustomerRequest request) {
        boolean acknowledged = AcknowledgeSimilar.parse(acknowledgeSimilar);
        return idempotency.run(idempotencyKey, "createCustomer", request, () -> {
            Customer customer = service.create(request, acknowledged);
            return withEtag(service, Response.created(URI.create("/api/v1/customers/" + customer.id)), customer);
        });
    }

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listCustomers", summary = "List and search the customers the caller may see, newest first")
    @APIResponse(responseCode = "200", description = "One page of customers")
    public Page<CustomerResponse> list(@Valid @BeanParam PageRequest page, @Valid @BeanParam CustomerQuery query) {
        return service.list(query, page.cursor, page.limit());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getCustomer", summary = "Get a customer")
    @APIResponse(responseCode = "200", description = "The customer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id) {
        CustomerResponse customer = service.getResponse(Ids.parse("id", id));
        return Response.ok(customer).header(HttpHeaders.ETAG, Preconditions.etag(customer.version())).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "updateCustomer", summary = "Replace a customer's client-owned fields (If-Match required)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The customer is archived; or its new keys belong to another"
            + " customer, or its new name is similar to others' (urn:problem:crm:duplicate-customer with decision and"
            + " conflicts)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {DuplicateCustomerProblem.class, Problem.class})))
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam(AcknowledgeSimilar.PARAMETER) @Parameter(description = AcknowledgeSimilar.DESCRIPTION,
                    schema = @Schema(type = SchemaType.BOOLEAN)) String acknowledgeSimilar,
            @Valid @NotNull(message = "a JSON request body is required") CustomerRequest request) {
        return withEtag(service, Response.ok(), service.update(Ids.parse("id", id), ifMatch, request,
                AcknowledgeSimilar.parse(acknowledgeSimilar)));
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "patchCustomer", summary = "Change some of a customer's client-owned fields (JSON Merge"
            + " Patch: null clears a field); the rules and answers of updateCustomer (If-Match required)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "CustomerPatch"),
            examples = @ExampleObject(name = "moved", summary = "A new city; the old address cleared",
                    value = "{\"city\": \"宁波市\", \"address\": null}")))
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @QueryParam(AcknowledgeSimilar.PARAMETER) @Parameter(description = AcknowledgeSimilar.DESCRIPTION,
                    schema = @Schema(type = SchemaType.BOOLEAN)) String acknowledgeSimilar, String patch) {
        return withEtag(service, Response.ok(), service.update(Ids.parse("id", id), ifMatch,
                mergePatch.read(patch, CustomerRequest.class), AcknowledgeSimilar.parse(acknowledgeSimilar)));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getCustomerHistory", summary = "Every recorded change of the customer, its contacts, visits and reviews, newest first")
    @APIResponse(responseCode = "200", description = "One page of history entries")
    @APIResponse(responseCode = "429", description = PersonalDataReads.TOO_MANY,
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(anyOf = {PersonalDataCeilingProblem.class, Problem.class})))
    public Page<HistoryEntryResponse> history(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.history(Ids.parse("id", id), page.cursor, page.limit());
    }

    static Response withEtag(CustomerService service, Response.ResponseBuilder builder, Customer customer) {
        return builder.entity(service.response(customer))
                .header(HttpHeaders.ETAG, Preconditions.etag(customer.version)).build();
    }
}
