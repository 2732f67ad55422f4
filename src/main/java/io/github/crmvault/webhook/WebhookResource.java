package io.github.crmvault.webhook;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.MergePatch;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.webhook.WebhookDtos.WebhookRequest;
import io.github.crmvault.webhook.WebhookDtos.WebhookResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Webhook subscriptions, managed by admins (README, "Webhooks"). */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookResource {
    @Inject
    WebhookService service;
    @Inject
    MergePatch mergePatch;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listWebhooks", summary = "List webhook subscriptions, oldest first (admin)")
    @APIResponse(responseCode = "200", description = "One page of subscriptions (without secrets)")
    public Page<WebhookResponse> list(@Valid @BeanParam PageRequest page) {
        return service.list(page.cursor, page.limit());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createWebhook", summary = "Subscribe a URL to events; the answer carries the signing "
            + "secret, shown only here (admin)")
    @APIResponse(responseCode = "201", description = "Created, with the secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response create(@Valid @NotNull(message = "a JSON request body is required") WebhookRequest request) {
        WebhookSubscription created = service.create(request);
        return ok(Response.created(URI.create("/api/v1/webhooks/" + created.id)), created, true);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getWebhook", summary = "Get a webhook subscription, without its secret (admin)")
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response get(@PathParam("id") String id) {
        return ok(Response.ok(), service.get(Ids.parse("id", id)), false);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateWebhook", summary = "Replace a subscription's fields; active=false disables it (admin)")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON request body is required") WebhookRequest request) {
        return ok(Response.ok(), service.update(Ids.parse("id", id), ifMatch, current -> request), false);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchWebhook", summary = "Change some of a subscription's fields (JSON Merge Patch), "
            + "such as {\"active\": false} to disable it; the rules and answers of updateWebhook (admin)")
    @RequestBody(required = true, content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "WebhookPatch")))
    public Response patch(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String patch) {
        return ok(Response.ok(), service.update(Ids.parse("id", id), ifMatch, mergePatch.read(patch, WebhookRequest.class)),
                false);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "rotateWebhookSecret", summary = "Replace the signing secret at once; the answer carries "
            + "the new one, shown only here (admin)")
    @APIResponse(responseCode = "200", description = "Rotated, with the new secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookResponse.class)),
            headers = @Header(name = "ETag", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "412", description = "If-Match was sent and is stale",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response rotateSecret(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return ok(Response.ok(), service.rotateSecret(Ids.parse("id", id), ifMatch), true);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getWebhookHistory", summary = "Every recorded change of the subscription, newest first (admin)")
    @APIResponse(responseCode = "200", description = "One page of history entries")
    public Page<WebhookDtos.HistoryResponse> history(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.history(Ids.parse("id", id), page.cursor, page.limit());
    }

    private static Response ok(Response.ResponseBuilder builder, WebhookSubscription subscription, boolean withSecret) {
        return builder.entity(WebhookResponse.of(subscription, withSecret))
                .header(HttpHeaders.ETAG, Preconditions.etag(subscription.version)).build();
    }
}
