package io.github.crmvault.visit;

import io.github.crmvault.common.load.WorkLimits;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Dates;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.visit.VisitDtos.NoteTooShortProblem;
import io.github.crmvault.visit.VisitDtos.VisitRequest;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
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

@Path("/api/v1/visits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Visits")
public class VisitResource {
    @Inject
    VisitService service;
    @Inject
    MergePatch mergePatch;
    @Inject
    WorkLimits limits;
    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "listMyVisits", summary = "List the caller's own visits, or search the notes of all "
            + "visits the caller can see (q), newest first",
            description = "Without q: the caller's own visits of customers they can still see. With q: every visit "
                    + "of a customer the caller can see whose note contains all of q's whitespace-separated terms "
                    + "(case-insensitive, literal: % and _ are plain characters; at least 2 characters a term, "
                    + "at most 5 terms and 100 characters), each with a highlight. Chinese needs no spaces: "
                    + "q=华为 finds 客户提到华为的报价更低.")
    @APIResponse(responseCode = "200", description = "One page of visits")
    public Page<VisitResponse> list(@Valid @BeanParam PageRequest page,
            @QueryParam("q") @Parameter(description = "Search terms separated by spaces, all of which a note must "
                    + "contain: at most " + NoteSearch.MAX_LENGTH + " characters in all, at most " + NoteSearch.MAX_TERMS
                    + " terms of at least " + NoteSearch.MIN_TERM + " characters each (400 naming q otherwise)",
                    example = "华为 报价", schema = @Schema(type = SchemaType.STRING, maxLength = NoteSearch.MAX_LENGTH))
            String q,
            @QueryParam("from") @Parameter(description = "First day, in the company time zone (GET /api/v1/settings)",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String from,
            @QueryParam("to") @Parameter(description = "Last day, inclusive, in the company time zone",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String to) {
        LocalDate fromDay = Dates.parseDate("from", from);
        LocalDate toDay = Dates.parseDate("to", to);
        if (q == null) {
            return service.list(null, fromDay, toDay, page.cursor, page.limit());
        }
        // A note search reads many visits: it is long work, bounded like reports.
        return limits.call(WorkLimits.Kind.LONG_READ, identity.getPrincipal().getName(),
                () -> service.list(q, fromDay, toDay, page.cursor, page.limit()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getVisit", summary = "Get a visit of a customer the caller can see")
    @APIResponse(responseCode = "200", description = "The visit",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id) {
        Visit visit = service.get(Ids.parse("id", id));
        return Response.ok(service.response(visit)).header(HttpHeaders.ETAG, Preconditions.etag(visit.version)).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "updateVisit", summary = "Correct a visit: the author only, within the edit window (If-Match required)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The edit window has passed (urn:problem:crm:visit-locked), "
            + "or the customer is archived (urn:problem:crm:conflict)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The note is shorter than the minimum",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = NoteTooShortProblem.class)))
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON request body is required") VisitRequest request) {
        Visit visit = service.update(Ids.parse("id", id), ifMatch, request);
        return Response.ok(service.response(visit)).header(HttpHeaders.ETAG, Preconditions.etag(visit.version)).build();
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    @Path("/{id}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "patchVisit", summary = "Correct some of a visit's fields (JSON Merge Patch: null clears"
            + " a field); the rules and answers of updateVisit (If-Match required)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "VisitPatch"),
            examples = @ExampleObject(name = "next step", summary = "A next step recorded; the outcome cleared",
                    value = "{\"nextStep\": \"下周二带方案上门演示\", \"nextStepDate\": \"2026-12-08\", \"outcome\": null}")))
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String patch) {
        Visit visit = service.update(Ids.parse("id", id), ifMatch, mergePatch.read(patch, VisitRequest.class));
        return Response.ok(service.response(visit)).header(HttpHeaders.ETAG, Preconditions.etag(visit.version)).build();
    }
}
