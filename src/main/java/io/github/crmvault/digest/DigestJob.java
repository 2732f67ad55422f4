package io.github.crmvault.digest;

import io.github.crmvault.digest.DigestBuilder.Counted;
import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.digest.DigestRepository.Named;
import io.github.crmvault.settings.CompanyCalendar;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Builds the digests of the company day and ISO week that ended last: one per active user (their own
 * work), one per manager (their reps) and the company's. Safe on several instances at once: each digest
 * is inserted with ON CONFLICT DO NOTHING against its unique key, so whichever instance is first stores
 * it and the others store nothing; a run that finds every digest of a period stored counts nothing.
 * A period missed entirely (every instance down for its whole next day or week) is not built later;
 * reading it counts it live (final false).
 */
@ApplicationScoped
public class DigestJob {
    private static final Logger LOG = Logger.getLogger(DigestJob.class);
    private static final int BATCH = 100;

    @Inject
    CompanyCalendar calendar;
    @Inject
    DigestRepository repository;
    @Inject
    DigestBuilder builder;
    @Inject
    DigestStore store;

    @Scheduled(identity = "digest-build", every = "${crm.digest.build-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int built = buildEnded();
        if (built > 0) {
            LOG.infof("Built %d digests", built);
        }
    }

    /** Builds what is missing of yesterday's and last week's digests; returns how many this call stored. */
    public int buildEnded() {
        LocalDate today = calendar.today();
        return build(Kind.DAILY, today.minusDays(1)) + build(Kind.WEEKLY, today.minusWeeks(1));
    }

    /**
     * Builds what is missing of the digests of the day (DAILY) or of the week holding it (WEEKLY), which
     * must have ended; returns how many this call stored.
     */
    public int build(Kind kind, LocalDate day) {
        DigestPeriod period = DigestPeriod.of(kind, day);
        if (!period.ended(calendar.today())) {
            throw new IllegalArgumentException(period.label() + " has not ended; its digests may still change");
        }
        List<Digest> missing = new ArrayList<>(QuarkusTransaction.requiringNew().call(() -> missing(period)));
        // One order on every instance (see DigestStore.store), in batches so that no transaction is long.
        missing.sort(Comparator.comparing((Digest d) -> d.scope().kind()).thenComparing(DigestStore::scopeId));
        int stored = 0;
        for (int i = 0; i < missing.size(); i += BATCH) {
            stored += store.store(missing.subList(i, Math.min(i + BATCH, missing.size())));
        }
        return stored;
    }

    /** The digests of the period not stored yet, counted; only the sections they need. */
    private List<Digest> missing(DigestPeriod period) {
        Set<String> built = repository.built(period.kind(), period.from());
        List<Named> users = repository.activeUsers();
        Map<UUID, Named> byId = new HashMap<>();
        users.forEach(u -> byId.put(u.id(), u));
        List<Named> reps = users.stream().filter(u -> !built.contains(DigestRepository.key(ScopeKind.REP, u.id())))
                .toList();
        Map<UUID, List<Named>> managers = new LinkedHashMap<>();
        repository.managedReps(null).forEach((manager, managed) -> {
            if (byId.containsKey(manager) && !built.contains(DigestRepository.key(ScopeKind.MANAGER, manager))) {
                managers.put(manager, managed);
            }
        });
        boolean company = !built.contains(DigestRepository.key(ScopeKind.COMPANY, DigestRepository.COMPANY));
        if (reps.isEmpty() && managers.isEmpty() && !company) {
            return List.of();
        }
        // Rep sections for the missing reps' digests and for the missing managers' sections.
        Map<UUID, Named> counted = new LinkedHashMap<>();
        reps.forEach(r -> counted.put(r.id(), r));
        managers.values().forEach(list -> list.forEach(r -> counted.put(r.id(), r)));
        Counted figures = new Counted(period, builder.now(), builder.perRep(period, List.copyOf(counted.values())),
                builder.perGroup(period, managers),
                company ? builder.perGroup(period, repository.regionMembers()) : Map.of(),
                company ? builder.company(period) : null);
        List<Digest> digests = new ArrayList<>();
        reps.forEach(r -> digests.add(builder.rep(figures, r, true)));
        managers.forEach((manager, managed) -> digests.add(builder.manager(figures, byId.get(manager), managed, true)));
        if (company) {
            digests.add(builder.company(figures, repository.regions(), true));
        }
        return digests;
    }
}
