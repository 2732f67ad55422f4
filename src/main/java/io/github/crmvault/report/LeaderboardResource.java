package io.github.crmvault.report;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.report.ReportDtos.Leaderboard;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports/leaderboard")
@LongRead
@Produces({MediaType.APPLICATION_JSON, ReportMedia.CSV})
@Tag(name = "Reports")
public class LeaderboardResource {
    @Inject
    ReportService service;
    @Context
    HttpHeaders headers;

    @GET
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getLeaderboard", summary = "Reps (or their teams, or their managers) of a team subtree ranked by a measure "
            + "for a period; without teamId, every team the caller manages (an admin: every team)")
    @APIResponse(responseCode = "200", description = "The ranking, every current member of the subtree included (as "
            + "CSV: " + ReportResource.CSV_OPERATION + ")",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Leaderboard.class)))
    @APIResponse(responseCode = "403", description = "The team is not in a subtree the caller manages",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response leaderboard(@BeanParam LeaderboardQuery query) {
        Leaderboard leaderboard = query.leaderboard(service);
        return ReportMedia.answer(headers, leaderboard, () -> ReportCsv.leaderboard(leaderboard));
    }
}
