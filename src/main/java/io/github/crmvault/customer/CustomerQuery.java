package io.github.crmvault.customer;

import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Filters of the customer list. Values arrive as text so a malformed one gets a 400 naming it. */
public class CustomerQuery {
    @QueryParam("q")
    @Size(min = 1, max = 100)
    @Parameter(description = "Matches the company name (any substring, Chinese too) or phone digits")
    public String q;

    @QueryParam("ownerId")
    @Parameter(description = "A user id, `me`, or `pool` for the public pool")
    public String ownerId;

    @QueryParam("status")
    @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"LEAD", "PROSPECT", "SIGNED", "LOST"}))
    public String status;

    @QueryParam("city")
    @Size(max = 50)
    public String city;

    @QueryParam("industry")
    @Size(max = 100)
    public String industry;

    @QueryParam("tag")
    @Size(max = 50)
    public String tag;

    @QueryParam("updatedSince")
    @Parameter(description = "Only customers changed at or after this instant (ISO-8601, e.g. 2026-01-31T00:00:00Z)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    public String updatedSince;

    @QueryParam("grade")
    @Parameter(description = "Only customers of these grades: one of A, B, C or a comma list such as A,B. Grades are "
            + "derived from expectedSignDate and today's date in the company's time zone (see GET /api/v1/settings)",
            style = ParameterStyle.FORM, explode = Explode.FALSE,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Grade.class))
    public String grade;

    @QueryParam("sort")
    @Parameter(description = "`newest` (default): newest first. `grade`: A, then B, then C; within a grade the "
            + "soonest expected signing date first, customers without one last; ties by id",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"newest", "grade"}, defaultValue = "newest"))
    public String sort;

    @QueryParam("includeArchived")
    @Parameter(description = "Include archived customers (default false)",
            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    public String includeArchived;
}
