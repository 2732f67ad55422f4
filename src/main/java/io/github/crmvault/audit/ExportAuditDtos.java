package io.github.crmvault.audit;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the export log shows its readers. */
public final class ExportAuditDtos {
    private ExportAuditDtos() {
    }

    @Schema(name = "ExportRecord", description = "One bulk export, or one refused attempt at one")
    public record ExportRecordResponse(
            @Schema(required = true) UUID id,
            @Schema(description = "The user who exported; absent for an admin login without a user record")
            UUID userId,
            @Schema(required = true, examples = "zhang.wei", description = "The token's login") String login,
            @Schema(required = true, examples = "CONTACTS") ExportLog.ExportKind export,
            @Schema(enumeration = {"NDJSON", "CSV"}, examples = "CSV",
                    description = "The format sent; absent when the export was refused") String format,
            @Schema(description = "The updatedSince filter; absent: all records") Instant updatedSince,
            @Schema(required = true) Instant startedAt,
            @Schema(description = "When it ended; absent while RUNNING") Instant endedAt,
            @Schema(required = true, examples = "1250", description = "Records handed to the response")
            long rows,
            @Schema(required = true, examples = "486210", description = "Bytes of the response body handed to the "
                    + "server's connection (before transfer encoding); a client that went away received at most these")
            long bytes,
            @Schema(required = true, examples = "COMPLETE", description = "RUNNING: still streaming (or its instance "
                    + "stopped before it could record the end); COMPLETE: every record was sent; CLIENT_GONE: the "
                    + "client went away (before the first byte or mid-stream); FAILED: the export could not start, or "
                    + "the database failed during it and the response was cut off; REFUSED: the caller's roles do not hold the export permission")
            ExportLog.ExportOutcome outcome) {

        static ExportRecordResponse of(ExportLog.Entry e) {
            return new ExportRecordResponse(e.id(), e.userId(), e.login(), e.export(), e.format(), e.updatedSince(),
                    e.startedAt(), e.endedAt(), e.rows(), e.bytes(), e.outcome());
        }
    }
}
