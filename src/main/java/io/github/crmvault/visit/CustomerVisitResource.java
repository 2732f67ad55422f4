package io.github.crmvault.visit;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.visit.VisitDtos.NoteTooShortProblem;
import io.github.crmvault.visit.VisitDtos.VisitRequest;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/customers/{id}/visits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class CustomerVisitResource {
    @Inject
    VisitService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "createVisit", summary = "Record a visit to a customer; idempotent with a client-supplied id")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "200", description = "A retry: a visit with this id and the same content exists; nothing was created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The id names a visit with other content (urn:problem:crm:id-in-use), "
            + "or the customer is archived (urn:problem:crm:conflict)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The note is shorter than the minimum",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = NoteTooShortProblem.class)))
    public Response create(@PathParam("id") String id, @Valid @NotNull(message = "a JSON request body is required") VisitRequest request) {
        VisitService.Created result = service.create(Ids.parse("id", id), request);
        Visit visit = result.visit();
        Response.ResponseBuilder builder = result.created()
                ? Response.created(URI.create("/api/v1/visits/" + visit.id))
                : Response.ok();
        return builder.entity(service.response(visit)).header(HttpHeaders.ETAG, Preconditions.etag(visit.version)).build();
    }

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listCustomerVisits", summary = "List a customer's visits, by every author, newest first")
    @APIResponse(responseCode = "200", description = "One page of visits")
    public Page<VisitResponse> list(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.listOfCustomer(Ids.parse("id", id), page.cursor, page.limit());
    }
}
