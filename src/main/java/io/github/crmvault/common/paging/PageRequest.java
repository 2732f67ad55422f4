package io.github.crmvault.common.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The paging query parameters every list shares. */
public class PageRequest {
    public static final int MAX_LIMIT = 200;

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(1)
    @Max(MAX_LIMIT)
    @Parameter(description = "Page size, 1 to 200")
    public int limit;

    @QueryParam("cursor")
    @Parameter(description = "The nextCursor of the previous page")
    public String cursor;
}
