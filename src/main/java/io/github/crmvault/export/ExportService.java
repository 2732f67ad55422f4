package io.github.crmvault.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.github.crmvault.audit.ExportLog;
import io.github.crmvault.audit.ExportLog.ExportKind;
import io.github.crmvault.audit.ExportLog.ExportOutcome;
import io.github.crmvault.common.load.WorkLimits;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.web.Dates;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerExport;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.deal.DealExport;
import io.github.crmvault.sync.FeedStart;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.github.crmvault.visit.VisitExport;
import io.quarkus.agroal.DataSource;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Opens exports: a connection of its own outside the request's JTA transaction, in one read-only
 * REPEATABLE READ transaction, so the feed cursor and every row come from one snapshot, and a
 * stateless session on it whose query streams from a server-side cursor (pgjdbc fetches by
 * {@link #FETCH_SIZE} rows when autocommit is off). The query runs before the response starts, so a
 * failure to start is a proper problem response. Export is a permission of some roles
 * ({@link ExportSettings}); every export, and every refused attempt, is in the {@link ExportLog}.
 */
@ApplicationScoped
class ExportService {
    /** Rows per round trip of the cursor: at most this many are in memory at a time. */
    static final int FETCH_SIZE = 500;
    private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /** The bulk pool: exports never take the connections interactive requests need. */
    @Inject
    @DataSource("bulk")
    AgroalDataSource dataSource;
    @Inject
    WorkLimits limits;
    @Inject
    OpenExports openExports;
    @Inject
    SessionFactory sessions;
    @Inject
    ObjectMapper mapper;
    @Inject
    CallerContext callers;
    @Inject
    CustomerExport customerExport;
    @Inject
    VisitExport visitExport;
    @Inject
    DealExport dealExport;
    @Inject
    ExportSettings settings;
    @Inject
    ExportLog log;

    /** What one export reads: the caller's records of one type, in export order. */
    @FunctionalInterface
    interface Source<T> {
        Stream<T> open(StatelessSession session, Visibility visibility, Instant updatedSince, int fetchSize);
    }

    ExportStream<CustomerResponse> customers(List<MediaType> accept, String updatedSince, HttpServerRequest request) {
        return open(ExportKind.CUSTOMERS, CustomerResponse.class, customerExport::customers, accept, updatedSince, request);
    }

    ExportStream<ContactResponse> contacts(List<MediaType> accept, String updatedSince, HttpServerRequest request) {
        callers.requireScope(Caller.CONTACTS_READ);
        return open(ExportKind.CONTACTS, ContactResponse.class, customerExport::contacts, accept, updatedSince, request);
    }

    ExportStream<DealResponse> deals(List<MediaType> accept, String updatedSince, HttpServerRequest request) {
        return open(ExportKind.DEALS, DealResponse.class, dealExport::deals, accept, updatedSince, request);
    }

    ExportStream<VisitResponse> visits(List<MediaType> accept, String updatedSince, HttpServerRequest request) {
        return open(ExportKind.VISITS, VisitResponse.class, visitExport::visits, accept, updatedSince, request);
    }

    /**
     * Opens an export for {@code request}, within the caller's and the instance's bound on exports.
     * {@link OpenExports} releases it if the response closes before the export is written.
     */
    private <T extends Record> ExportStream<T> open(ExportKind kind, Class<T> type, Source<T> source,
            List<MediaType> accept, String updatedSinceText, HttpServerRequest request) {
        Caller caller = callers.current();
        requirePermission(caller, kind);
        ExportFormat format = ExportFormat.negotiate(accept);
        Instant updatedSince = Dates.parseInstant("updatedSince", updatedSinceText);
        WorkLimits.Permit permit = limits.enter(WorkLimits.Kind.EXPORT, caller.login());
        UUID logId = null;
        Connection connection = null;
        StatelessSession session = null;
        try {
            // On record before any row is read: an export that cannot be recorded does not run.
            logId = log.started(caller, kind, format.name(), updatedSince);
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(SNAPSHOT);
            }
            // The snapshot's first read: the cursor is taken before (with) every row of the export.
            String feedCursor = FeedStart.ofSnapshot(connection, caller);
            session = sessions.withStatelessOptions().connection(connection).openStatelessSession();
            Stream<T> rows = source.open(session, caller.visibility(), updatedSince, FETCH_SIZE);
            return openExports.track(new ExportStream<>(connection, session, rows, type, format, mapper, feedCursor,
                    request, permit, log, logId));
        } catch (SQLException | RuntimeException e) {
            permit.close();
            if (logId != null) {
                log.ended(logId, ExportOutcome.FAILED, 0, 0);
            }
            if (session != null) {
                session.close();
            }
            if (connection != null) {
                try (Connection c = connection) {
                    c.rollback();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("cannot start export", e);
        }
    }

    /** 403 naming the permission, on record, unless one of the caller's roles may export. */
    private void requirePermission(Caller caller, ExportKind kind) {
        if (settings.roles().stream().noneMatch(role -> caller.roles().contains(role.token()))) {
            log.refused(caller, kind);
            throw new ProblemException(ProblemType.EXPORT_NOT_PERMITTED, "Bulk export is a permission your roles do "
                    + "not hold: only " + settings.roles().stream().map(ExportSettings.Role::token).sorted()
                    .collect(Collectors.joining(", ")) + " may export. Ask a company administrator");
        }
        if (caller.isLeaving()) {
            log.refused(caller, kind);
            callers.requireNotLeaving("export in bulk");
        }
    }
}
