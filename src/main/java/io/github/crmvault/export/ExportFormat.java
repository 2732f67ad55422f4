package io.github.crmvault.export;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The export's two formats, chosen by the Accept header; NDJSON when the client takes anything. */
enum ExportFormat {
    NDJSON(ExportFormat.NDJSON_TYPE),
    CSV(ExportFormat.CSV_TYPE);

    static final String NDJSON_TYPE = "application/x-ndjson";
    static final String CSV_TYPE = "text/csv";

    private final MediaType mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = MediaType.valueOf(mediaType);
    }

    /** The Content-Type of the response: CSV names its charset, NDJSON is UTF-8 by definition. */
    String contentType() {
        return this == CSV ? CSV_TYPE + "; charset=UTF-8" : NDJSON_TYPE;
    }

    /**
     * The first of the client's acceptable types (most preferred first, as JAX-RS sorts them) that one
     * of the formats satisfies; 406 when none does.
     */
    static ExportFormat negotiate(List<MediaType> acceptable) {
        for (MediaType accepted : acceptable) {
            if ("0".equals(accepted.getParameters().get("q"))) {
                continue;
            }
            for (ExportFormat format : values()) {
                if (accepted.isCompatible(format.mediaType)) {
                    return format;
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_ACCEPTABLE,
                "An export answers " + NDJSON_TYPE + " or " + CSV_TYPE + "; ask for one of them in Accept");
    }
}
