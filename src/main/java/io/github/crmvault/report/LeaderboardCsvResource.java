package io.github.crmvault.report;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The leaderboard as CSV: an operation of its own, so that the JSON one stays a Leaderboard in generated clients. */
@Path("/api/v1/reports/leaderboard.csv")
@LongRead
@Produces(ReportMedia.BY_PATH)
@Tag(name = "Reports")
public class LeaderboardCsvResource {
    @Inject
    ReportService service;

    @GET
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getLeaderboardCsv", summary = "getLeaderboard as CSV")
    @APIResponse(responseCode = "200", description = "One row per rep or team (RFC 4180) with the columns rank, id, "
            + "name, members, every measure of ReportMeasures by its name in the order of the schema except "
            + "dealAmounts, then dealAmounts as \"CNY 1000.00; USD 20.00\", then every figure of ReviewDiscipline "
            + "as reviewDiscipline.<name>; absent values are empty",
            content = @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING),
                    example = "rank,id,name,members,visits,...\r\n1,6f1c...,王伟,1,42,...\r\n"))
    @APIResponse(responseCode = "403", description = "The team is not in a subtree the caller manages",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response leaderboard(@BeanParam LeaderboardQuery query) {
        return Response.ok(ReportCsv.leaderboard(query.leaderboard(service)), ReportCsv.MEDIA_TYPE).build();
    }
}
