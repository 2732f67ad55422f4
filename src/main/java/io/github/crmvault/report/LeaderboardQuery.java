package io.github.crmvault.report;

import io.github.crmvault.common.web.Ids;
import io.github.crmvault.report.ReportDtos.Leaderboard;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters of the leaderboard, in JSON and in CSV. */
public class LeaderboardQuery {
    @BeanParam
    PeriodParams period;

    @QueryParam("teamId")
    @Parameter(description = "Rank only the members of this team and the teams below it",
            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
    public String teamId;

    @QueryParam("groupBy")
    @Parameter(description = "rep: one row per user; team: one row per team the users are direct members of; "
            + "manager: one row per manager of a team in the subtree, counting the users of every team they manage "
            + "there and below (not themselves), so a user counts for each manager above them",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"rep", "team", "manager"}, defaultValue = "rep"))
    public String groupBy;

    @QueryParam("sort")
    @Parameter(description = "The measure to rank by, largest first, absent values last; ties go to more "
            + "customersSigned, then more effectiveVisits, then more visits, then name. One of the single-number "
            + "measures of ReportMeasures or of ReviewDiscipline (e.g. reviewedWithinShare, backlog)",
            schema = @Schema(type = SchemaType.STRING,
                    // Measure's keys: LeaderboardSortContractTest holds them equal.
                    enumeration = {"visits", "effectiveVisits", "meanNoteLength", "meanQualityScore",
                        "shareUnderNoteMinimum", "customersVisited", "newCustomers", "claims", "releases", "recalls",
                        "dealsSigned", "customersSigned", "visitedCustomersSigned", "signingRate",
                        "visitsPerSignedCustomer", "oneVisitCloses", "aSignedWithinWindow", "reviewed", "reviewedShare",
                        "reviewedWithin", "reviewedWithinShare", "medianHoursToFirstReview", "p90HoursToFirstReview",
                        "reviews", "needsWork", "needsWorkShare", "backlog", "backlogOldestHours"},
                    defaultValue = "customersSigned"))
    public String sort;

    Leaderboard leaderboard(ReportService service) {
        return service.leaderboard(Ids.parse("teamId", teamId), groupBy, sort, period.period());
    }
}
