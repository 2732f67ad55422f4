package io.github.crmvault.digest;

import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.digest.DigestDtos.Figures;
import io.github.crmvault.digest.DigestDtos.Scope;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.digest.DigestDtos.Section;
import io.github.crmvault.digest.DigestDtos.SectionKind;
import io.github.crmvault.digest.DigestRepository.Extras;
import io.github.crmvault.digest.DigestRepository.Named;
import io.github.crmvault.digest.DigestRepository.Pairs;
import io.github.crmvault.digest.DigestRepository.Window;
import io.github.crmvault.report.ReportFigures;
import io.github.crmvault.report.ReportFigures.Counts;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts the figures of a period and puts digests together. Every figure is counted for many sections at
 * once (pairs of user and section, as the reports do), so the job's build of every digest of a period
 * costs a few statements per kind of section, however many reps there are.
 */
@ApplicationScoped
class DigestBuilder {
    private static final Figures ZERO = figures(Counts.NONE, Extras.NONE);

    @Inject
    DigestRepository repository;
    @Inject
    ReportFigures reports;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CrmSettings settings;
    @Inject
    Clock clock;

    /** The figures the sections of a period need, by section id. */
    record Counted(DigestPeriod period, Instant at, Map<UUID, Figures> reps, Map<UUID, Figures> managers,
            Map<UUID, Figures> regions, Figures company) {
    }

    /** Each user's own work (sections and totals of rep digests, sections of manager digests). */
    Map<UUID, Figures> perRep(DigestPeriod period, List<Named> reps) {
        List<UUID> ids = reps.stream().map(Named::id).toList();
        return figures(period, Pairs.self(ids));
    }

    /** The work of each group's members, counted towards the group: managers' totals, regions. */
    Map<UUID, Figures> perGroup(DigestPeriod period, Map<UUID, List<Named>> members) {
        List<UUID> users = new ArrayList<>();
        List<UUID> groups = new ArrayList<>();
        members.forEach((group, named) -> named.forEach(n -> {
            users.add(n.id());
            groups.add(group);
        }));
        return figures(period, new Pairs(users, groups));
    }

    /** Everyone's work, the public pool's included. */
    Figures company(DigestPeriod period) {
        return figures(period, null).getOrDefault(ReportFigures.ALL, ZERO);
    }

    Digest rep(Counted counted, Named rep, boolean isFinal) {
        Section section = new Section(SectionKind.REP, rep.id(), rep.name(), of(counted.reps(), rep.id()));
        return digest(counted, new Scope(ScopeKind.REP, rep.id(), rep.name()), isFinal, List.of(section),
                new Section(SectionKind.TOTAL, rep.id(), rep.name(), section.figures()));
    }

    Digest manager(Counted counted, Named manager, List<Named> reps, boolean isFinal) {
        List<Section> sections = reps.stream()
                .map(r -> new Section(SectionKind.REP, r.id(), r.name(), of(counted.reps(), r.id()))).toList();
        return digest(counted, new Scope(ScopeKind.MANAGER, manager.id(), manager.name()), isFinal, sections,
                new Section(SectionKind.TOTAL, manager.id(), manager.name(), of(counted.managers(), manager.id())));
    }

    Digest company(Counted counted, List<Named> regions, boolean isFinal) {
        List<Section> sections = regions.stream()
                .map(r -> new Section(SectionKind.REGION, r.id(), r.name(), of(counted.regions(), r.id()))).toList();
        return digest(counted, new Scope(ScopeKind.COMPANY, null, null), isFinal, sections,
                new Section(SectionKind.TOTAL, null, null, counted.company()));
    }

    Instant now() {
        return clock.instant();
    }

    private Digest digest(Counted counted, Scope scope, boolean isFinal, List<Section> sections, Section total) {
        DigestPeriod p = counted.period();
        return new Digest(p.kind(), p.label(), p.from(), p.to(), settings.timeZone().getId(), scope, isFinal,
                counted.at(), sections, total);
    }

    private static Figures of(Map<UUID, Figures> figures, UUID id) {
        return figures.getOrDefault(id, ZERO);
    }

    /** Pairs null: everything, in {@link ReportFigures#ALL}. */
    private Map<UUID, Figures> figures(DigestPeriod period, Pairs pairs) {
        if (pairs != null && pairs.users().isEmpty()) {
            return Map.of();
        }
        Map<UUID, Counts> counts = pairs == null
                ? Map.of(ReportFigures.ALL, reports.everything(period.from(), period.to()))
                : reports.byGroup(pairs.users(), pairs.groups(), period.from(), period.to());
        Window window = new Window(period.from(), period.to(), calendar.startOf(period.from()),
                calendar.startOf(period.to().plusDays(1)), settings.timeZone().getId(), settings.grade().aWithinDays());
        Map<UUID, Extras> extras = repository.extras(pairs, window);
        Map<UUID, Figures> figures = new HashMap<>();
        for (UUID group : union(counts.keySet(), extras.keySet())) {
            figures.put(group, figures(counts.getOrDefault(group, Counts.NONE), extras.getOrDefault(group, Extras.NONE)));
        }
        return figures;
    }

    private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Figures figures(Counts c, Extras e) {
        return new Figures(c.visits(), c.effectiveVisits(), c.meanQualityScore(), c.underNoteMinimum(), e.reviewsDone,
                e.reviewBacklog, e.newACustomers, c.dealsSigned(), c.dealAmounts(), c.claims(), c.recalls(),
                e.followUpsMissed);
    }
}
