package io.github.crmvault.export;

import io.github.crmvault.common.security.Roles;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bulk export for integrators: every record of a type the caller may see, streamed as NDJSON or CSV
 * (by Accept), with the change feed's cursor to follow afterwards. Every role reaches the service,
 * which holds the export permission (a setting); Accept is negotiated there, not by {@code @Produces},
 * so that 401 and 403 come before 406.
 */
@Path("/api/v1/export")
@Tag(name = "Export")
public class ExportResource {
    @Inject
    ExportService service;
    @Context
    HttpHeaders headers;
    @Context
    RoutingContext routing;

    @GET
    @Path("/customers")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "exportCustomers", summary = "Every customer the caller may see",
            description = ExportDocs.ORDER)
    @APIResponse(responseCode = "200", description = "The customers, " + ExportDocs.NDJSON,
            headers = @Header(name = ExportDocs.FEED_CURSOR_HEADER, description = ExportDocs.FEED_CURSOR,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = ExportFormat.NDJSON_TYPE,
                    schema = @Schema(implementation = CustomerResponse.class)),
                    @Content(mediaType = ExportFormat.CSV_TYPE, schema = @Schema(type = SchemaType.STRING,
                            description = ExportDocs.CSV + ExportDocs.CUSTOMER_COLUMNS))})
    @APIResponse(responseCode = "403", description = ExportDocs.FORBIDDEN,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "406", description = ExportDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response customers(@QueryParam("updatedSince") @Parameter(description = ExportDocs.UPDATED_SINCE) String since) {
        return respond(service.customers(headers.getAcceptableMediaTypes(), since, routing.request()));
    }

    @GET
    @Path("/contacts")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "exportContacts", summary = "Every contact of the customers the caller may see",
            description = ExportDocs.ORDER)
    @APIResponse(responseCode = "200", description = "The contacts, " + ExportDocs.NDJSON,
            headers = @Header(name = ExportDocs.FEED_CURSOR_HEADER, description = ExportDocs.FEED_CURSOR,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = ExportFormat.NDJSON_TYPE,
                    schema = @Schema(implementation = ContactResponse.class)),
                    @Content(mediaType = ExportFormat.CSV_TYPE, schema = @Schema(type = SchemaType.STRING,
                            description = ExportDocs.CSV + ExportDocs.CONTACT_COLUMNS))})
    @APIResponse(responseCode = "403", description = ExportDocs.FORBIDDEN
                    + " An integration token whose scope claim lacks contacts:read gets 403 urn:problem:crm:insufficient-scope.",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "406", description = ExportDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response contacts(@QueryParam("updatedSince") @Parameter(description = ExportDocs.UPDATED_SINCE) String since) {
        return respond(service.contacts(headers.getAcceptableMediaTypes(), since, routing.request()));
    }

    @GET
    @Path("/visits")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "exportVisits", summary = "Every visit of the customers the caller may see",
            description = ExportDocs.ORDER)
    @APIResponse(responseCode = "200", description = "The visits, " + ExportDocs.NDJSON,
            headers = @Header(name = ExportDocs.FEED_CURSOR_HEADER, description = ExportDocs.FEED_CURSOR,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = ExportFormat.NDJSON_TYPE,
                    schema = @Schema(implementation = VisitResponse.class)),
                    @Content(mediaType = ExportFormat.CSV_TYPE, schema = @Schema(type = SchemaType.STRING,
                            description = ExportDocs.CSV + ExportDocs.VISIT_COLUMNS))})
    @APIResponse(responseCode = "403", description = ExportDocs.FORBIDDEN,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "406", description = ExportDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response visits(@QueryParam("updatedSince") @Parameter(description = ExportDocs.UPDATED_SINCE) String since) {
        return respond(service.visits(headers.getAcceptableMediaTypes(), since, routing.request()));
    }

    @GET
    @Path("/deals")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "exportDeals", summary = "Every deal of the customers the caller may see, cancelled ones included",
            description = ExportDocs.ORDER)
    @APIResponse(responseCode = "200", description = "The deals, " + ExportDocs.NDJSON,
            headers = @Header(name = ExportDocs.FEED_CURSOR_HEADER, description = ExportDocs.FEED_CURSOR,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = ExportFormat.NDJSON_TYPE,
                    schema = @Schema(implementation = DealResponse.class)),
                    @Content(mediaType = ExportFormat.CSV_TYPE, schema = @Schema(type = SchemaType.STRING,
                            description = ExportDocs.CSV + ExportDocs.DEAL_COLUMNS))})
    @APIResponse(responseCode = "403", description = ExportDocs.FORBIDDEN,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "406", description = ExportDocs.NOT_ACCEPTABLE,
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response deals(@QueryParam("updatedSince") @Parameter(description = ExportDocs.UPDATED_SINCE) String since) {
        return respond(service.deals(headers.getAcceptableMediaTypes(), since, routing.request()));
    }

    /** Streams the export; if the response goes away without writing it, {@link OpenExports} releases it. */
    private Response respond(ExportStream<?> export) {
        return Response.ok(export, export.format().contentType())
                .header(ExportDocs.FEED_CURSOR_HEADER, export.feedCursor())
                .build();
    }
}
