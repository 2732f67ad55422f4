package io.github.crmvault.report;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * JSON or CSV, whichever the client's Accept header prefers (JSON when it accepts both equally or sends
 * none). A header that accepts neither never gets here: the operations produce only these two, so it
 * is answered 406.
 */
final class ReportMedia {
    static final String CSV = "text/csv";
    /**
     * The .csv operations answer CSV whatever Accept says: the path names the format. Negotiating by
     * {@code @Produces} would also answer 406 before authentication runs, so before 401 and 403.
     */
    static final String BY_PATH = MediaType.WILDCARD;

    private ReportMedia() {
    }

    static Response answer(HttpHeaders headers, Object json, Supplier<String> csv) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                break;
            }
            if (accepted.isCompatible(MediaType.valueOf(CSV))) {
                return Response.ok(csv.get(), ReportCsv.MEDIA_TYPE).build();
            }
        }
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
