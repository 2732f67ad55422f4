package io.github.crmvault.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.audit.ExportLog;
import io.github.crmvault.audit.ExportLog.ExportOutcome;
import io.github.crmvault.common.load.WorkLimits;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

/**
 * One export in flight: its own connection in a read-only REPEATABLE READ transaction, a cursor over
 * the rows, and the writer of the chosen format. Rows go to the response one by one, so memory does
 * not depend on the number of rows; a slow client slows the cursor down (the response stream blocks
 * when the client does not read). Whatever happens (end, client gone, database error) the cursor,
 * the transaction and the connection are released once, by whoever gets the stream first: the
 * response writer, or {@link #abandon} when the response ends without it. A failure after the
 * first byte cuts the connection off. How it ended, with the rows and bytes sent, goes to the
 * {@link ExportLog} on every path, before the response's last chunk.
 */
final class ExportStream<T extends Record> implements StreamingOutput {
    private static final Logger LOG = Logger.getLogger(ExportStream.class);

    private final Connection connection;
    private final StatelessSession session;
    private final Stream<T> rows;
    private final Class<T> type;
    private final ExportFormat format;
    private final ObjectMapper mapper;
    private final String feedCursor;
    private final HttpServerRequest request;
    private final WorkLimits.Permit permit;
    private final ExportLog log;
    private final UUID logId;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final long openedAtNanos = System.nanoTime();

    ExportStream(Connection connection, StatelessSession session, Stream<T> rows, Class<T> type, ExportFormat format,
            ObjectMapper mapper, String feedCursor, HttpServerRequest request, WorkLimits.Permit permit, ExportLog log,
            UUID logId) {
        this.connection = connection;
        this.session = session;
        this.rows = rows;
        this.type = type;
        this.format = format;
        this.mapper = mapper;
        this.feedCursor = feedCursor;
        this.request = request;
        this.permit = permit;
        this.log = log;
        this.logId = logId;
    }

    ExportFormat format() {
        return format;
    }

    String feedCursor() {
        return feedCursor;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        if (!taken.compareAndSet(false, true)) {
            throw new IOException("export already released");
        }
        ResponseStream counted = new ResponseStream(out, request.response());
        long written = 0;
        ExportOutcome outcome = ExportOutcome.FAILED;
        try {
            RowWriter<T> writer = format == ExportFormat.CSV ? new CsvWriter<>(type, counted)
                    : new NdjsonWriter<>(mapper, type, counted);
            for (Iterator<T> it = rows.iterator(); it.hasNext();) {
                writer.write(it.next());
                written++;
            }
            writer.finish();
            outcome = ExportOutcome.COMPLETE;
        } catch (IOException | RuntimeException e) {
            outcome = counted.clientGone() ? ExportOutcome.CLIENT_GONE : ExportOutcome.FAILED;
            // The status is sent already: the connection is cut so that the client sees a broken
            // response, never a cleanly ended one it could take for the whole export.
            cutOff();
            throw e;
        } finally {
            release();
            log.ended(logId, outcome, written, counted.bytes());
        }
    }

    /**
     * Releases the export if the response never started writing it (the client went away first, or
     * the request failed). True when this call released it.
     */
    boolean abandon() {
        if (taken.compareAndSet(false, true)) {
            release();
            // Closed: the client went away. Otherwise the request failed, or no worker wrote it in time.
            log.ended(logId, request.response().closed() ? ExportOutcome.CLIENT_GONE : ExportOutcome.FAILED, 0, 0);
            return true;
        }
        return false;
    }

    /** Has the writer taken the export? From then on it releases it on every path. */
    boolean started() {
        return taken.get();
    }

    /** Has the response ended or its connection closed? */
    boolean responseGone() {
        HttpServerResponse response = request.response();
        return response.closed() || response.ended();
    }

    long ageNanos() {
        return System.nanoTime() - openedAtNanos;
    }

    /**
     * HTTP/2 resets the stream; HTTP/1.1 closes the connection at once. Not the response's own reset:
     * on HTTP/1.1 it closes only after pending writes, and the error response that follows the
     * exception would then end the chunked body cleanly.
     */
    private void cutOff() {
        try {
            if (request.version() == HttpVersion.HTTP_2) {
                request.response().reset();
            } else {
                request.connection().close();
            }
        } catch (RuntimeException e) {
            LOG.debug("Cutting off an export's response failed", e);
        }
    }

    /**
     * Cursor and session, then the read-only transaction (rolled back: nothing to keep) and the
     * connection, then the caller's place among exports. Runs once: only whoever takes the export calls it.
     */
    private void release() {
        try {
            rows.close();
            session.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing an export's cursor failed", e);
        }
        try (Connection c = connection) {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Releasing an export's connection failed", e);
        } finally {
            permit.close();
        }
    }
}
