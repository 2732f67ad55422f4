package io.github.crmvault.webhook;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.webhook.WebhookDtos.DeliveryResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What happened to a subscription's events: delivered, still trying, or parked (admin). */
@Path("/api/v1/webhooks/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookDeliveryResource {
    @Inject
    WebhookService service;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listWebhookDeliveries", summary = "A subscription's deliveries, newest first (admin)")
    @APIResponse(responseCode = "200", description = "One page of deliveries")
    public Page<DeliveryResponse> list(@PathParam("id") String id, @Valid @BeanParam PageRequest page,
            @QueryParam("status") @Parameter(description = "Only deliveries in this status",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"PENDING", "DELIVERED", "PARKED"})) String status) {
        return service.deliveries(Ids.parse("id", id), status, page.cursor, page.limit());
    }

    @POST
    @Path("/{deliveryId}/retry")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "retryWebhookDelivery", summary = "Put a parked delivery back in line, due now, with a "
            + "new retry period (admin)")
    @APIResponse(responseCode = "200", description = "Pending again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "409", description = "The delivery is not parked",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public DeliveryResponse retry(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return service.retry(Ids.parse("id", id), Ids.parse("deliveryId", deliveryId));
    }
}
