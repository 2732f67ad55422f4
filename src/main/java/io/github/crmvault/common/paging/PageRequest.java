package io.github.crmvault.common.paging;

import io.github.crmvault.common.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The paging query parameters every list shares. */
public class PageRequest {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Text, so that "ten" gets a 400 that names the parameter rather than JAX-RS's 404. */
    @QueryParam("limit")
    @Parameter(description = "Page size, 1 to 200 (default 50)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
    public String limit;

    @QueryParam("cursor")
    @Parameter(description = "The nextCursor of the previous page")
    public String cursor;

    public int limit() {
        return parseLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A page size given as text: absent gives the default; anything but 1 to max is a 400 naming limit. */
    public static int parseLimit(String text, int defaultLimit, int max) {
        return parseCount("limit", text, defaultLimit, max);
    }

    /** A count query parameter given as text: absent gives the default; anything but 1 to max is a 400 naming it. */
    public static int parseCount(String parameter, String text, int defaultValue, int max) {
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid(parameter, "must be a whole number from 1 to " + max);
    }
}
