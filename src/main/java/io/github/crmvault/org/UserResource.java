package io.github.crmvault.org;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.org.OrgDtos.UserCreateRequest;
import io.github.crmvault.org.OrgDtos.UserResponse;
import io.github.crmvault.org.OrgDtos.UserUpdateRequest;
import io.github.crmvault.common.idempotency.Idempotency;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation")
public class UserResource {
    @Inject
    Idempotency idempotency;
    @Inject
    OrgService org;
    @Inject
    MergePatch mergePatch;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listUsers", summary = "List users, optionally of one team (admin, integration)")
    @APIResponse(responseCode = "200", description = "One page of users")
    public Page<UserResponse> list(@Valid @BeanParam PageRequest page,
            @QueryParam("teamId") @Parameter(description = "Only members of this team") String teamId) {
        return org.listUsers(page.cursor, Ids.parse("teamId", teamId), page.limit());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getUser", summary = "Get a user (admin, integration)")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id) {
        return ok(Response.ok(), org.getUser(Ids.parse("id", id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createUser", summary = "Create a user (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "The login is taken",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response create(@HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @Valid @NotNull(message = "a JSON request body is required") UserCreateRequest request) {
        return idempotency.run(idempotencyKey, "createUser", request, () -> {
            AppUser user = org.createUser(request);
            return ok(Response.created(URI.create("/api/v1/users/" + user.id)), user);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateUser", summary = "Replace a user's fields; active=false deactivates a user who owns no customers (admin)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "active=false for a user who still owns customers: hand them over first",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = OrgDtos.UserOwnsCustomersProblem.class)))
    public Response update(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull(message = "a JSON request body is required") UserUpdateRequest request) {
        return ok(Response.ok(), org.updateUser(Ids.parse("id", id), ifMatch, request));
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchUser", summary = "Change some of a user's fields (JSON Merge Patch: null clears a"
            + " field); the rules and answers of updateUser (admin)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "UserPatch"),
            examples = @ExampleObject(name = "leaving", summary = "The user leaves at the end of the year",
                    value = "{\"leavingOn\": \"2026-12-31\"}")))
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String patch) {
        return ok(Response.ok(), org.updateUser(Ids.parse("id", id), ifMatch,
                mergePatch.read(patch, UserUpdateRequest.class)));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "getUserHistory", summary = "Every recorded change of the user, newest first (admin, integration)")
    @APIResponse(responseCode = "200", description = "One page of history entries")
    public Page<OrgDtos.OrgHistoryResponse> history(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return org.history("USER", Ids.parse("id", id), page.cursor, page.limit());
    }

    private static Response ok(Response.ResponseBuilder builder, AppUser user) {
        return builder.entity(UserResponse.of(user)).header(HttpHeaders.ETAG, Preconditions.etag(user.version)).build();
    }
}
