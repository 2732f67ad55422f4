package io.github.crmvault.visit;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Dates;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.visit.VisitDtos.QueueItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reviews/queue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reviews")
public class ReviewQueueResource {
    @Inject
    ReviewService service;

    @GET
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getReviewQueue",
            summary = "Unreviewed visits of the authors in the caller's managed teams (admins: everyone's), oldest first")
    @APIResponse(responseCode = "200", description = "One page of unreviewed visits")
    public Page<QueueItem> queue(@Valid @BeanParam PageRequest page,
            @QueryParam("day") @Parameter(description = "Only visits of this day, in the company time zone (GET /api/v1/settings)",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) String day,
            @QueryParam("authorId") @Parameter(description = "Only visits of this author",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String authorId) {
        return service.queue(Dates.parseDate("day", day), Ids.parse("authorId", authorId), page.cursor, page.limit());
    }
}
