package io.github.crmvault.org;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.org.OrgDtos.TeamRequest;
import io.github.crmvault.org.OrgDtos.TeamResponse;
import io.github.crmvault.common.idempotency.Idempotency;
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

@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
public class TeamResource {
    @Inject
    Idempotency idempotency;
    @Inject
    OrgService org;
    @Inject
    MergePatch mergePatch;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listTeams", summary = "List teams (admin, integration)")
    @APIResponse(responseCode = "200", description = "One page of teams")
    public Page<TeamResponse> list(@Valid @BeanParam PageRequest page) {
        return org.listTeams(page.cursor, page.limit());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getTeam", summary = "Get a team (admin, integration)")
    @APIResponse(responseCode = "200", description = "The team",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id) {
        return ok(Response.ok(), org.getTeam(Ids.parse("id", id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createTeam", summary = "Create a team (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response create(@HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @Valid @NotNull(message = "a JSON request body is required") TeamRequest request) {
        return idempotency.run(idempotencyKey, "createTeam", request, () -> {
            Team team = org.createTeam(request);
            return ok(Response.created(URI.create("/api/v1/teams/" + team.id)), team);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateTeam", summary = "Replace a team's fields; active=false deactivates it (admin)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response update(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull(message = "a JSON request body is required") TeamRequest request) {
        return ok(Response.ok(), org.updateTeam(Ids.parse("id", id), ifMatch, request));
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchTeam", summary = "Change some of a team's fields (JSON Merge Patch: null clears a"
            + " field); the rules and answers of updateTeam (admin)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "TeamPatch"),
            examples = @ExampleObject(name = "unmanaged", summary = "The team loses its manager; the rest stays",
                    value = "{\"managerId\": null}")))
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String patch) {
        return ok(Response.ok(), org.updateTeam(Ids.parse("id", id), ifMatch, mergePatch.read(patch, TeamRequest.class)));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getTeamHistory", summary = "Every recorded change of the team, newest first (admin, integration)")
    @APIResponse(responseCode = "200", description = "One page of history entries")
    public Page<OrgDtos.OrgHistoryResponse> history(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return org.history("TEAM", Ids.parse("id", id), page.cursor, page.limit());
    }

    private static Response ok(Response.ResponseBuilder builder, Team team) {
        return builder.entity(TeamResponse.of(team)).header(HttpHeaders.ETAG, Preconditions.etag(team.version)).build();
    }
}
