package io.github.crmvault.digest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a daily or weekly digest (日报 / 周报). */
public final class DigestDtos {
    private DigestDtos() {
    }

    @Schema(name = "DigestKind")
    public enum Kind { DAILY, WEEKLY }

    /** Whose digest: a rep's own work, a manager's reps, or the company's regions. */
    @Schema(name = "DigestScopeKind")
    public enum ScopeKind { REP, MANAGER, COMPANY }

    @Schema(name = "DigestSectionKind")
    public enum SectionKind { REP, REGION, TOTAL }

    @Schema(name = "DigestScope", description = "Whose digest this is: the caller's own (REP), the reps of the team "
            + "subtrees the caller manages (MANAGER), or the company by region (COMPANY, for admins)")
    public record Scope(
            @Schema(required = true) ScopeKind kind,
            @Schema(description = "The rep or manager; absent for COMPANY") UUID id,
            @Schema(description = "Their display name when the digest was built; absent for COMPANY") String name) {
    }

    @Schema(name = "DigestFigures", description = "What a rep, region or whole scope did in the period (days in the "
            + "company time zone). Visits, claims, recalls and deals are counted as the reports count them "
            + "(GET /api/v1/reports/...): visits by their author, deals by the rep credited, claims and recalls from "
            + "the ownership log")
    public record Figures(
            @Schema(required = true, description = "Visits whose visitedAt falls in the period") long visits,
            @Schema(required = true, description = "Of those, effective visits") long effectiveVisits,
            @Schema(description = "Mean qualityScore of those visits, 2 decimals; absent without visits",
                    examples = "78.25") BigDecimal meanQualityScore,
            @Schema(required = true, description = "Of those visits, notes shorter than the note minimum now in force "
                    + "(crm.visit.note-minimum)") long notesUnderMinimum,
            @Schema(required = true, description = "Reviews written in the period (by anyone) of visits of the "
                    + "section's reps, whenever those visits took place; a visit reviewed twice counts twice")
            long reviewsDone,
            @Schema(required = true, description = "Visits of the section's reps dated before the end of the period "
                    + "that had no review by then: the review queue as it stood when the period ended")
            long reviewBacklog,
            @Schema(required = true, description = "Customers held by the section's reps (for the company: all, the "
                    + "pool included) that became A in the period: live, A on the period's last day by their expected "
                    + "signing date, and either created in the period or not yet A on the day before it by that same "
                    + "date (crm.grade.a-within-days); both judged by the customer as it was when the digest was "
                    + "built") long newACustomers,
            @Schema(required = true, description = "Deals signed in the period (signedOn) and not cancelled")
            long dealsSigned,
            @Schema(required = true, description = "Their amounts summed per currency, by currency code")
            List<CurrencyAmount> dealAmounts,
            @Schema(required = true, description = "Claims from the pool by the section's reps") long claims,
            @Schema(required = true, description = "Customers recalled from the section's reps when protection lapsed")
            long recalls,
            @Schema(required = true, description = "Next steps the section's reps recorded on visits (nextStepDate) "
                    + "for a day of the period, with no later visit of that customer (by anyone) dated by the end of "
                    + "that day") long followUpsMissed) {
    }

    @Schema(name = "DigestSection", description = "One rep, one region (a top-level team with every team below it, its "
            + "active members' work), or the total of the digest")
    public record Section(
            @Schema(required = true) SectionKind kind,
            @Schema(description = "The rep, the region's team, or for TOTAL the scope's user; absent for the company "
                    + "total") UUID id,
            @Schema(description = "Display name or team name when the digest was built") String name,
            @Schema(required = true) Figures figures) {
    }

    @Schema(name = "Digest", description = "A daily or weekly digest (日报 / 周报). Once the period has ended it is built "
            + "once (final) and read as stored, unchanged afterwards even when late data arrives; until then, and "
            + "for an ended period not built yet, it is computed at the request (final false)")
    public record Digest(
            @Schema(required = true) Kind kind,
            @Schema(required = true, description = "The day (2026-03-02) or ISO week (2026-W10) as asked",
                    examples = "2026-W10") String period,
            @Schema(required = true, description = "First day, in the company time zone") LocalDate from,
            @Schema(required = true, description = "Last day, inclusive: from for a day, the Sunday for a week")
            LocalDate to,
            @Schema(required = true, examples = "Asia/Shanghai") String timeZone,
            @Schema(required = true) Scope scope,
            @JsonProperty("final")
            @Schema(name = "final", required = true, description = "True when this is the stored digest of an ended "
                    + "period, which never changes; false when computed for this request (the period has not ended, "
                    + "or its digest is not built yet)") boolean isFinal,
            @Schema(required = true, description = "When the figures were counted") Instant builtAt,
            @Schema(required = true, description = "A rep's digest: the rep; a manager's: each active rep of the team "
                    + "subtrees they manage, by name; the company's: each active region, by name") List<Section> sections,
            @Schema(required = true, description = "The whole scope: the rep; all the manager's reps together; the "
                    + "company's everything, the public pool's events and users outside any region included")
            Section total) {
    }
}
