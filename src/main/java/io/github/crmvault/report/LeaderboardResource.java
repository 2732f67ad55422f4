package io.github.crmvault.report;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.report.ReportDtos.Leaderboard;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    @Operation(operationId = "getLeaderboard", summary = "Reps (or their teams) of a team subtree ranked by a measure "
            + "for a period; without teamId, every team the caller manages (an admin: every team)")
    @APIResponse(responseCode = "200", description = "The ranking, every current member of the subtree included. With "
            + "Accept: text/csv, one row per rep or team (RFC 4180) with the columns rank, id, name, members, every "
            + "measure of ReportMeasures by its name in the order of the schema except dealAmounts, then dealAmounts "
            + "as \"CNY 1000.00; USD 20.00\"; absent values are empty", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Leaderboard.class)),
            @Content(mediaType = ReportMedia.CSV, schema = @Schema(type = SchemaType.STRING),
                    example = "rank,id,name,members,visits,...\r\n1,6f1c...,王伟,1,42,...\r\n")})
    @APIResponse(responseCode = "403", description = "The team is not in a subtree the caller manages",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response leaderboard(
            @QueryParam("from") @Parameter(required = true, description = ReportResource.FROM, schema = @Schema(type = SchemaType.STRING, format = "date")) String from,
            @QueryParam("to") @Parameter(required = true, description = ReportResource.TO, schema = @Schema(type = SchemaType.STRING, format = "date")) String to,
            @QueryParam("teamId") @Parameter(description = "Rank only the members of this team and the teams below it",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String teamId,
            @QueryParam("groupBy") @Parameter(description = "rep: one row per user; team: one row per team the users "
                    + "are direct members of", schema = @Schema(type = SchemaType.STRING, enumeration = {"rep", "team"},
                    defaultValue = "rep")) String groupBy,
            @QueryParam("sort") @Parameter(description = "The measure to rank by, largest first, absent values last; "
                    + "ties go to more customersSigned, then more effectiveVisits, then more visits, then name. One of "
                    + "the single-number measures of ReportMeasures", schema = @Schema(type = SchemaType.STRING,
                    // Measure's keys: LeaderboardSortContractTest holds them equal.
                    enumeration = {"visits", "effectiveVisits", "meanNoteLength", "meanQualityScore",
                        "shareUnderNoteMinimum", "customersVisited", "newCustomers", "claims", "releases", "recalls",
                        "dealsSigned", "customersSigned", "visitedCustomersSigned", "signingRate",
                        "visitsPerSignedCustomer", "oneVisitCloses", "aSignedWithinWindow"},
                    defaultValue = "customersSigned")) String sort) {
        Leaderboard leaderboard = service.leaderboard(Ids.parse("teamId", teamId), groupBy, sort,
                Period.parse(from, to));
        return ReportMedia.answer(headers, leaderboard, () -> ReportCsv.leaderboard(leaderboard));
    }
}
