package io.github.crmvault.audit;

import io.github.crmvault.audit.ExportAuditDtos.ExportRecordResponse;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The admins' view of the export log. */
@ApplicationScoped
class ExportAuditService {
    @Inject
    ExportLog log;
    @Inject
    CallerContext callers;
    @Inject
    CrmSettings settings;

    /** The exports started on the days from..to (company time zone, inclusive), of one user or all, newest first. */
    Page<ExportRecordResponse> exports(UUID userId, LocalDate from, LocalDate to, String cursor, int limit) {
        // Known, active admins only, like every other endpoint.
        callers.current();
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        Instant start = from == null ? null : from.atStartOfDay(settings.timeZone()).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(settings.timeZone()).toInstant();
        List<ExportLog.Entry> rows = log.page(userId, start, end, Cursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, ExportRecordResponse::of, e -> new Cursor(e.startedAt(), e.id()).encode());
    }
}
