package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import io.github.crmvault.report.ReportRepository.Scope;
import io.github.crmvault.report.ReportRepository.Window;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reports' period counts for other features (the digests), from the very statements of the reports,
 * so that a digest and the report of the same days never disagree on visits, claims or deals.
 */
@ApplicationScoped
public class ReportFigures {
    /** The one group of {@link #everything}. */
    public static final UUID ALL = ReportRepository.ONE_GROUP;

    @Inject
    ReportRepository repository;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CrmSettings settings;

    /** What a group did in the period, as the reports count it. */
    public record Counts(long visits, long effectiveVisits, BigDecimal meanQualityScore, long underNoteMinimum,
            long claims, long recalls, long dealsSigned, List<CurrencyAmount> dealAmounts) {
        public static final Counts NONE = new Counts(0, 0, null, 0, 0, 0, 0, List.of());
    }

    /** The work of {@code users.get(i)} counts towards {@code groups.get(i)}; a user may count towards several. */
    public Map<UUID, Counts> byGroup(List<UUID> users, List<UUID> groups, LocalDate from, LocalDate to) {
        return counts(new Scope(users, groups), from, to);
    }

    /** Everyone's work, the public pool's events included, in the group {@link #ALL}. */
    public Counts everything(LocalDate from, LocalDate to) {
        return counts(Scope.EVERYTHING, from, to).getOrDefault(ALL, Counts.NONE);
    }

    private Map<UUID, Counts> counts(Scope scope, LocalDate from, LocalDate to) {
        Window window = Window.of(from, to, calendar, settings.timeZone());
        Map<UUID, Tally> tallies = new HashMap<>();
        repository.addVisits(scope, window, settings.visit().noteMinimum(), tallies);
        repository.addOwnershipEvents(scope, window, tallies);
        repository.addDealAmounts(scope, window, tallies);
        Map<UUID, Counts> counts = new HashMap<>();
        tallies.forEach((group, t) -> counts.put(group, new Counts(t.visits, t.effectiveVisits,
                Tally.ratio(t.qualityScoreSum, t.visits, 2), t.underNoteMinimum, t.claims, t.recalls, t.dealsSigned,
                List.copyOf(t.dealAmounts))));
        return counts;
    }
}
