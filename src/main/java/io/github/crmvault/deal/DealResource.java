package io.github.crmvault.deal;

import io.github.crmvault.common.idempotency.Idempotency;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.deal.DealDtos.CancelRequest;
import io.github.crmvault.deal.DealDtos.DealRequest;
import io.github.crmvault.deal.DealDtos.DealResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/deals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deals")
public class DealResource {
    @Inject
    DealService service;
    @Inject
    Idempotency idempotency;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "createDeal", summary = "Record a signed contract: the customer becomes SIGNED and its "
            + "owner is credited (the owner, a manager above them or an admin)")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DealResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The customer is in the public pool "
            + "(urn:problem:crm:customer-in-pool) or archived (urn:problem:crm:conflict)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response create(@PathParam("id") String id,
            @HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @Valid @NotNull(message = "a JSON request body is required") DealRequest request) {
        UUID customerId = Ids.parse("id", id);
        return idempotency.run(idempotencyKey, "createDeal", request, () -> {
            Deal deal = service.create(customerId, request);
            return withEtag(Response.created(URI.create("/api/v1/customers/" + customerId + "/deals/" + deal.id)), deal);
        });
    }

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listCustomerDeals", summary = "List a customer's deals, cancelled ones included, newest signing date first")
    @APIResponse(responseCode = "200", description = "One page of deals")
    public Page<DealResponse> list(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.list(Ids.parse("id", id), page.cursor, page.limit());
    }

    @GET
    @Path("/{dealId}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getDeal", summary = "Get a deal of a customer")
    @APIResponse(responseCode = "200", description = "The deal",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DealResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id, @PathParam("dealId") String dealId) {
        return withEtag(Response.ok(), service.get(Ids.parse("id", id), Ids.parse("dealId", dealId)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{dealId}/cancel")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "cancelDeal", summary = "Cancel a deal, with a reason (kept, marked cancelled); the "
            + "customer goes back to PROSPECT when no live deal is left")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DealResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The deal is cancelled already, or the customer is in the "
            + "public pool (urn:problem:crm:customer-in-pool) or archived",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response cancel(@PathParam("id") String id, @PathParam("dealId") String dealId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON request body with a reason is required") CancelRequest request) {
        return withEtag(Response.ok(), service.cancel(Ids.parse("id", id), Ids.parse("dealId", dealId), ifMatch,
                request.reason()));
    }

    private static Response withEtag(Response.ResponseBuilder builder, Deal deal) {
        return builder.entity(DealResponse.of(deal)).header(HttpHeaders.ETAG, Preconditions.etag(deal.version)).build();
    }
}
