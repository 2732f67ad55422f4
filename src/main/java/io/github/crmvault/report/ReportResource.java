package io.github.crmvault.report;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.report.ReportDtos.Report;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reports")
@LongRead
@Produces({MediaType.APPLICATION_JSON, ReportMedia.CSV})
@Tag(name = "Reports")
public class ReportResource {
    static final String CSV_REPORT = "\"measure,value\" rows (RFC 4180): scope.kind, scope.id, "
            + "scope.name, from, to, every measure of ReportMeasures by its name, one dealAmount.<currency> row per "
            + "currency, grades.asOf, grades.a, grades.b, grades.c, keyPersons.liveCustomers, "
            + "keyPersons.withDecisionMaker, keyPersons.coverage, keyPersons.missingTotal, then every figure of "
            + "ReviewDiscipline as reviewDiscipline.<name>; absent values are empty. "
            + "The list of customers without a decision maker is in the JSON form only.";
    static final String CSV_EXAMPLE = "measure,value\r\nscope.kind,REP\r\n...\r\nvisits,42\r\n...\r\ndealAmount.CNY,"
            + "128000.00\r\n";

    /** Why CSV has operations of its own: one operation of two media types is a Report | string in generated clients. */
    static final String CSV_OPERATION = "the same path with .csv appended; Accept: text/csv here still works";

    @Inject
    ReportService service;
    @Context
    HttpHeaders headers;

    @GET
    @Path("/reps/{userId}")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getRepReport", summary = "A rep's numbers for a period: their own, or as a manager of "
            + "the people in the teams they manage")
    @APIResponse(responseCode = "200", description = "The report (as CSV: " + CSV_OPERATION + ")",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "403", description = "Another user's numbers, and the caller does not manage them",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response rep(@PathParam("userId") String userId,
            @BeanParam PeriodParams period) {
        Report report = service.rep(Ids.parse("userId", userId), period.period());
        return ReportMedia.answer(headers, report, () -> ReportCsv.report(report));
    }

    @GET
    @Path("/teams/{teamId}")
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getTeamReport", summary = "A team's numbers for a period: the work of the current "
            + "members of the team and every team below it; a top-level team's (no parent) is its region's report")
    @APIResponse(responseCode = "200", description = "The report (as CSV: " + CSV_OPERATION + ")",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "403", description = "The team is not in a subtree the caller manages",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response team(@PathParam("teamId") String teamId,
            @BeanParam PeriodParams period) {
        Report report = service.team(Ids.parse("teamId", teamId), period.period());
        return ReportMedia.answer(headers, report, () -> ReportCsv.report(report));
    }

    @GET
    @Path("/company")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getCompanyReport", summary = "The company's numbers for a period: everyone's work, "
            + "the public pool included")
    @APIResponse(responseCode = "200", description = "The report (as CSV: " + CSV_OPERATION + ")",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    public Response company(@BeanParam PeriodParams period) {
        Report report = service.company(period.period());
        return ReportMedia.answer(headers, report, () -> ReportCsv.report(report));
    }

    @GET
    @Path("/reps/{userId}.csv")
    @Produces(ReportMedia.BY_PATH)
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getRepReportCsv", summary = "getRepReport as CSV")
    @APIResponse(responseCode = "200", description = CSV_REPORT, content = @Content(mediaType = ReportMedia.CSV,
            schema = @Schema(type = SchemaType.STRING), example = CSV_EXAMPLE))
    @APIResponse(responseCode = "403", description = "Another user's numbers, and the caller does not manage them",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response repCsv(@PathParam("userId") String userId, @BeanParam PeriodParams period) {
        return csv(service.rep(Ids.parse("userId", userId), period.period()));
    }

    @GET
    @Path("/teams/{teamId}.csv")
    @Produces(ReportMedia.BY_PATH)
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getTeamReportCsv", summary = "getTeamReport as CSV")
    @APIResponse(responseCode = "200", description = CSV_REPORT, content = @Content(mediaType = ReportMedia.CSV,
            schema = @Schema(type = SchemaType.STRING), example = CSV_EXAMPLE))
    @APIResponse(responseCode = "403", description = "The team is not in a subtree the caller manages",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such team",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Response teamCsv(@PathParam("teamId") String teamId, @BeanParam PeriodParams period) {
        return csv(service.team(Ids.parse("teamId", teamId), period.period()));
    }

    @GET
    @Path("/company.csv")
    @Produces(ReportMedia.BY_PATH)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getCompanyReportCsv", summary = "getCompanyReport as CSV")
    @APIResponse(responseCode = "200", description = CSV_REPORT, content = @Content(mediaType = ReportMedia.CSV,
            schema = @Schema(type = SchemaType.STRING), example = CSV_EXAMPLE))
    public Response companyCsv(@BeanParam PeriodParams period) {
        return csv(service.company(period.period()));
    }

    private static Response csv(Report report) {
        return Response.ok(ReportCsv.report(report), ReportCsv.MEDIA_TYPE).build();
    }
}
