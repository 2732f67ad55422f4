package io.github.crmvault.visit;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.visit.VisitDtos.ReviewRequest;
import io.github.crmvault.visit.VisitDtos.ReviewResponse;
import io.github.crmvault.common.idempotency.Idempotency;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/visits/{id}/reviews")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reviews")
public class ReviewResource {
    @Inject
    ReviewService service;
    @Inject
    Idempotency idempotency;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "createReview", summary = "Review a visit: a manager of the author's teams, or an admin")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReviewResponse.class)))
    public Response create(@PathParam("id") String id,
            @HeaderParam(Idempotency.HEADER) @Parameter(description = Idempotency.DESCRIPTION,
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255)) String idempotencyKey,
            @Valid @NotNull(message = "a JSON request body is required") ReviewRequest request) {
        UUID visitId = Ids.parse("id", id);
        return idempotency.run(idempotencyKey, "createReview", request, () -> {
            VisitReview review = service.create(visitId, request);
            return Response.created(URI.create("/api/v1/visits/" + review.visitId + "/reviews"))
                    .entity(ReviewResponse.of(review)).build();
        });
    }

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN, Roles.INTEGRATION})
    @Operation(operationId = "listReviews", summary = "List a visit's reviews, oldest first (whoever sees the visit)")
    @APIResponse(responseCode = "200", description = "One page of reviews")
    public Page<ReviewResponse> list(@PathParam("id") String id, @Valid @BeanParam PageRequest page) {
        return service.list(Ids.parse("id", id), page.cursor, page.limit());
    }
}
