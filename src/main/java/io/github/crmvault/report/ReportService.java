package io.github.crmvault.report;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.Grade;
import io.github.crmvault.report.ReportDtos.KeyPersons;
import io.github.crmvault.report.ReportDtos.Leaderboard;
import io.github.crmvault.report.ReportDtos.LeaderboardRow;
import io.github.crmvault.report.ReportDtos.MissingKeyPerson;
import io.github.crmvault.report.ReportDtos.Report;
import io.github.crmvault.report.ReportDtos.ScopeKind;
import io.github.crmvault.report.ReportRepository.Manager;
import io.github.crmvault.report.ReportRepository.Member;
import io.github.crmvault.report.ReportRepository.Scope;
import io.github.crmvault.report.ReportRepository.Window;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Who may see which numbers, and the figures of a scope. A rep sees their own; a manager also those of
 * the people and teams in the subtrees they manage, and the leaderboard of those; an admin everything.
 * Integrators get no reports: these are people's performance figures, and the export carries the facts.
 */
@ApplicationScoped
class ReportService {
    /** How many A and B customers without a decision maker a report lists. */
    static final int MISSING_LIMIT = 100;
    /**
     * In how many parts of its groups a leaderboard reads each figure that it works out one group at a
     * time (visits, signed customers, review discipline). With only the visits in halves (~100-120 ms CPU
     * each for the company's month at 1M customers), one connection took signed customers (~85-105) and
     * then review discipline (~80-90), and that last statement ran alone for ~40 ms after the others were
     * done; with all three in halves the fan-out's connections end together. A report of one group reads
     * each figure in one statement.
     */
    private static final int GROUP_PARTS = 2;

    @Inject
    CallerContext callers;
    @Inject
    ReportRepository repository;
    @Inject
    CompanyCalendar calendar;
    @Inject
    CrmSettings settings;
    @Inject
    ReportFanOut fanOut;

    @Transactional
    Report rep(UUID userId, Period period) {
        Caller caller = callers.current();
        String name = repository.userName(userId).orElseThrow(() -> ProblemException.notFound("User " + userId));
        if (!caller.isAdmin() && !userId.equals(caller.userId()) && !caller.manages(userId)) {
            throw ProblemException.forbidden("You may see your own numbers and, as a manager, those of the people in "
                    + "the teams you manage; user " + userId + " is neither");
        }
        return report(new ReportDtos.Scope(ScopeKind.REP, userId, name),
                new Scope(List.of(userId), List.of(ReportRepository.ONE_GROUP)), period);
    }

    @Transactional
    Report team(UUID teamId, Period period) {
        String name = repository.teamName(teamId).orElseThrow(() -> ProblemException.notFound("Team " + teamId));
        checkMayRank(teamId);
        return report(new ReportDtos.Scope(ScopeKind.TEAM, teamId, name),
                Scope.of(repository.membersBelow(List.of(teamId)), m -> ReportRepository.ONE_GROUP), period);
    }

    @Transactional
    Report company(Period period) {
        return report(new ReportDtos.Scope(ScopeKind.COMPANY, null, null), Scope.EVERYTHING, period);
    }

    /** How the leaderboard groups the ranked users. */
    enum GroupBy { REP, TEAM, MANAGER }

    /**
     * The ranking of a team subtree's reps (or of their teams, or of the managers in it); without a team,
     * of all the caller may see.
     */
    @Transactional
    Leaderboard leaderboard(UUID teamId, String groupBy, String sort, Period period) {
        GroupBy grouping = parseGroupBy(groupBy);
        Measure ranking = sort == null || sort.isEmpty() ? Measure.DEFAULT_SORT : Measure.byKey(sort)
                .orElseThrow(() -> ProblemException.invalid("sort", "must be one of " + Measure.keys()));
        Caller caller = callers.current();
        if (teamId != null) {
            repository.teamName(teamId).orElseThrow(() -> ProblemException.notFound("Team " + teamId));
            checkMayRank(teamId);
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        Map<UUID, Integer> sizes = new HashMap<>();
        Scope scope;
        if (grouping == GroupBy.MANAGER) {
            List<UUID> roots = teamId != null ? List.of(teamId)
                    : caller.isAdmin() ? null : repository.teamsManagedBy(caller.userId());
            List<UUID> users = new ArrayList<>();
            List<UUID> groups = new ArrayList<>();
            for (Manager manager : repository.managersBelow(roots)) {
                names.put(manager.id(), manager.name());
                sizes.put(manager.id(), manager.users().size());
                users.addAll(manager.users());
                manager.users().forEach(u -> groups.add(manager.id()));
            }
            scope = new Scope(users, groups);
        } else {
            boolean byTeam = grouping == GroupBy.TEAM;
            List<Member> members = teamId != null ? repository.membersBelow(List.of(teamId))
                    : caller.isAdmin() ? repository.allMembers() : repository.membersManagedBy(caller.userId());
            for (Member m : members) {
                UUID group = byTeam ? m.teamId() : m.userId();
                names.putIfAbsent(group, byTeam ? m.teamName() : m.displayName());
                sizes.merge(group, 1, Integer::sum);
            }
            scope = Scope.of(members, byTeam ? Member::teamId : Member::userId);
        }
        Map<UUID, Tally> tallies = tally(scope, period, List.of());
        Instant now = calendar.now();
        List<LeaderboardRow> unranked = new ArrayList<>();
        names.forEach((id, name) -> {
            Tally tally = tallies.getOrDefault(id, new Tally());
            unranked.add(new LeaderboardRow(0, id, name, sizes.get(id), tally.measures(), tally.reviewDiscipline(now)));
        });
        List<LeaderboardRow> sorted = unranked.stream().sorted(order(ranking)).toList();
        List<LeaderboardRow> rows = new ArrayList<>();
        for (LeaderboardRow row : sorted) {
            rows.add(new LeaderboardRow(rows.size() + 1, row.id(), row.name(), row.members(), row.measures(),
                    row.reviewDiscipline()));
        }
        return new Leaderboard(period.from(), period.to(), grouping.name().toLowerCase(java.util.Locale.ROOT),
                ranking.key, teamId, rows);
    }

    private static GroupBy parseGroupBy(String groupBy) {
        if (groupBy == null || groupBy.isEmpty()) {
            return GroupBy.REP;
        }
        for (GroupBy g : GroupBy.values()) {
            if (g.name().toLowerCase(java.util.Locale.ROOT).equals(groupBy)) {
                return g;
            }
        }
        throw ProblemException.invalid("groupBy", "must be rep, team or manager");
    }

    /** Largest first by the measure (absent last), then by customers signed and effective visits, then by name. */
    private static Comparator<LeaderboardRow> order(Measure ranking) {
        Comparator<LeaderboardRow> order = Comparator.comparing(r -> ranking.decimal(Measure.Figures.of(r)),
                Comparator.nullsLast(Comparator.reverseOrder()));
        for (Measure next : List.of(Measure.CUSTOMERS_SIGNED, Measure.EFFECTIVE_VISITS, Measure.VISITS)) {
            order = order.thenComparing(r -> next.decimal(Measure.Figures.of(r)),
                    Comparator.nullsLast(Comparator.reverseOrder()));
        }
        return order.thenComparing(LeaderboardRow::name).thenComparing(LeaderboardRow::id);
    }

    /** Admins rank any team; managers the teams in the subtrees they manage. */
    private void checkMayRank(UUID teamId) {
        Caller caller = callers.current();
        if (!caller.isAdmin() && !(caller.isManager() && repository.managesTeam(caller.userId(), teamId))) {
            throw ProblemException.forbidden("Team " + teamId + " is not in the team subtrees you manage");
        }
    }

    private Report report(ReportDtos.Scope who, Scope scope, Period period) {
        var visibility = callers.current().visibility();
        Grade.Window today = calendar.gradeWindow();
        LocalDate asOf = calendar.today();
        AtomicReference<ReportRepository.Stock> stock = new AtomicReference<>();
        AtomicReference<List<MissingKeyPerson>> missing = new AtomicReference<>();
        Tally tally = tally(scope, period, List.of(r -> stock.set(r.stock(scope, visibility, today, asOf)),
                r -> missing.set(r.withoutKeyPerson(scope, visibility, today, MISSING_LIMIT))))
                .getOrDefault(ReportRepository.ONE_GROUP, new Tally());
        KeyPersons keyPersons = new KeyPersons(stock.get().liveCustomers(), stock.get().withDecisionMaker(),
                Tally.ratio(stock.get().withDecisionMaker(), stock.get().liveCustomers(), 4),
                stock.get().withoutKeyPersonAB(), missing.get());
        return new Report(who, period.from(), period.to(), tally.measures(), tally.reviewDiscipline(calendar.now()),
                stock.get().grades(), keyPersons);
    }

    /**
     * The figures of the period per group, with the report's {@code other} statements run beside them
     * ({@link ReportFanOut}: several connections at once, so the map is a concurrent one; each statement
     * sets figures of its own). Longest first, by their times at 1M customers, so that the last to start
     * are short.
     */
    private Map<UUID, Tally> tally(Scope scope, Period period, List<Consumer<ReportRepository>> other) {
        Window window = Window.of(period.from(), period.to(), calendar, settings.timeZone());
        int[] deadlines = reviewDeadlines();
        int noteMinimum = settings.visit().noteMinimum();
        int aWithinDays = settings.grade().aWithinDays();
        Map<UUID, Tally> tallies = new ConcurrentHashMap<>();
        List<Consumer<ReportRepository>> statements = new ArrayList<>();
        List<Scope> parts = scope.parts(GROUP_PARTS);
        for (Scope part : parts) {
            statements.add(r -> r.addVisits(part, window, noteMinimum, tallies));
        }
        for (Scope part : parts) {
            statements.add(r -> r.addSignedCustomers(part, window, aWithinDays, tallies));
        }
        for (Scope part : parts) {
            statements.add(r -> r.addReviewDiscipline(part, window, deadlines, tallies));
        }
        statements.addAll(other);
        statements.add(r -> r.addOwnershipEvents(scope, window, tallies));
        statements.add(r -> r.addDealAmounts(scope, window, tallies));
        statements.add(r -> r.addBacklog(scope, tallies));
        repository.withoutJit();
        fanOut.run(statements);
        return tallies;
    }

    /**
     * For each ISO day of the week (Monday first), how many days after a visit's day its first review
     * is due by the end of: with working days repeating every week, the weekday alone decides.
     */
    private int[] reviewDeadlines() {
        int[] offsets = new int[7];
        LocalDate monday = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 7; i++) {
            LocalDate day = monday.plusDays(i);
            offsets[i] = (int) ChronoUnit.DAYS.between(day, calendar.workingDaysAfter(day, settings.review().withinDays()));
        }
        return offsets;
    }
}
