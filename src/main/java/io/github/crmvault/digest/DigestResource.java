package io.github.crmvault.digest;

import io.github.crmvault.common.load.LongRead;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.digest.DigestDtos.Digest;
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

@Path("/api/v1/digests")
@LongRead
@Produces({MediaType.APPLICATION_JSON, DigestMedia.MARKDOWN, MediaType.TEXT_PLAIN})
@Tag(name = "Digests")
public class DigestResource {
    static final String SCOPE = "The caller's digest: an admin gets the company's, a section per region (top-level "
            + "team) and the company total; a manager the reps of the team subtrees they manage, a section per rep and "
            + "their total; anyone else their own work. By Accept: JSON, or text/markdown or text/plain to paste "
            + "into a chat group. ";
    static final String TEXT = "The same digest as text to paste into a chat group: a heading, the dates and whether "
            + "it is final, then the total and each section (rep or region) as a list of its figures, labelled in "
            + "Chinese and English. Markdown uses headings and bullet lists only, no HTML or tables.";
    static final String MARKDOWN_EXAMPLE = "# 日报 Daily digest 2026-03-02 · 王芳\n\n- 日期 Dates: 2026-03-02 "
            + "(Asia/Shanghai)\n- 定稿 Final, built 2026-03-02T16:10:00Z\n\n## 合计 Total\n\n- 拜访 Visits: 4, 有效拜访 "
            + "effective: 3\n...\n";
    static final String PLAIN_EXAMPLE = "日报 Daily digest 2026-03-02 · 王芳\n================================\n"
            + "日期 Dates: 2026-03-02 (Asia/Shanghai)\n...\n【合计 Total】\n  拜访 Visits: 4, 有效拜访 effective: 3\n...\n";

    @Inject
    DigestService service;
    @Context
    HttpHeaders headers;

    @GET
    @Path("/daily")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getDailyDigest", summary = "The caller's daily digest (日报) of a company day")
    @APIResponse(responseCode = "200", description = SCOPE + "Stored and final once the day has ended and the digest "
            + "was built; for today, or a past day not built yet, counted now and not final.", content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Digest.class)),
                @Content(mediaType = DigestMedia.MARKDOWN, schema = @Schema(type = SchemaType.STRING,
                        description = TEXT), example = MARKDOWN_EXAMPLE),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING,
                        description = TEXT), example = PLAIN_EXAMPLE)})
    public Response daily(@QueryParam("day") @Parameter(required = true, description = "The day, in the company time "
            + "zone (GET /api/v1/settings); today at the latest", schema = @Schema(type = SchemaType.STRING,
                    format = "date")) String day) {
        return DigestMedia.answer(headers, service.daily(day));
    }

    @GET
    @Path("/weekly")
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "getWeeklyDigest", summary = "The caller's weekly digest (周报) of an ISO week, Monday to "
            + "Sunday")
    @APIResponse(responseCode = "200", description = SCOPE + "Stored and final once the week has ended and the digest "
            + "was built; for this week, or a past week not built yet, counted now and not final.", content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Digest.class)),
                @Content(mediaType = DigestMedia.MARKDOWN, schema = @Schema(type = SchemaType.STRING,
                        description = TEXT), example = MARKDOWN_EXAMPLE),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING,
                        description = TEXT), example = PLAIN_EXAMPLE)})
    public Response weekly(@QueryParam("week") @Parameter(required = true, description = "The ISO 8601 week, such as "
            + "2026-W10: Monday to Sunday in the company time zone, week 1 holding the year's first Thursday; this "
            + "week at the latest", schema = @Schema(type = SchemaType.STRING, pattern = "^\\d{4}-W\\d{2}$",
                    examples = "2026-W10")) String week) {
        return DigestMedia.answer(headers, service.weekly(week));
    }
}
