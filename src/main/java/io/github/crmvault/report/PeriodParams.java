package io.github.crmvault.report;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The from and to query parameters of every report, in JSON and in CSV. */
public class PeriodParams {
    @QueryParam("from")
    @Parameter(required = true, description = "First day of the period, in the company time zone (GET /api/v1/settings)",
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    public String from;

    @QueryParam("to")
    @Parameter(required = true, description = "Last day of the period, inclusive; at most " + Period.MAX_DAYS
            + " days after from, counting both (from = to is one day)",
            schema = @Schema(type = SchemaType.STRING, format = "date"))
    public String to;

    Period period() {
        return Period.parse(from, to);
    }
}
