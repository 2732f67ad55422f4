package io.github.crmvault.digest;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.digest.DigestBuilder.Counted;
import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.digest.DigestRepository.Named;
import io.github.crmvault.settings.CompanyCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The caller's digest: an admin's is the company's by region, a manager's their reps', anyone else's
 * their own. An ended period's stored digest is returned as stored; a period not ended yet (today, this
 * week), or an ended one the job has not built yet, is counted at the request and marked not final.
 * Integrators get none: these are people's performance figures, as with reports.
 */
@ApplicationScoped
class DigestService {
    @Inject
    CallerContext callers;
    @Inject
    CompanyCalendar calendar;
    @Inject
    DigestRepository repository;
    @Inject
    DigestBuilder builder;

    @Transactional
    Digest daily(String day) {
        return read(DigestPeriod.parseDay(day, calendar.today()));
    }

    @Transactional
    Digest weekly(String week) {
        return read(DigestPeriod.parseWeek(week, calendar.today()));
    }

    private Digest read(DigestPeriod period) {
        Caller caller = callers.current();
        ScopeKind kind = caller.isAdmin() ? ScopeKind.COMPANY : caller.isManager() ? ScopeKind.MANAGER : ScopeKind.REP;
        UUID id = kind == ScopeKind.COMPANY ? DigestRepository.COMPANY : caller.userId();
        if (id == null) {
            throw ProblemException.forbidden("Digests are of a user's work, and your login has no user");
        }
        if (period.ended(calendar.today())) {
            var stored = repository.stored(period.kind(), period.from(), kind, id);
            if (stored.isPresent()) {
                return DigestStore.read(stored.get());
            }
        }
        return live(period, kind, id);
    }

    private Digest live(DigestPeriod period, ScopeKind kind, UUID id) {
        Instant at = builder.now();
        return switch (kind) {
            case REP -> {
                Named rep = named(id);
                yield builder.rep(new Counted(period, at, builder.perRep(period, List.of(rep)), Map.of(), Map.of(), null),
                        rep, false);
            }
            case MANAGER -> {
                List<Named> reps = repository.managedReps(id).getOrDefault(id, List.of());
                Counted counted = new Counted(period, at, builder.perRep(period, reps),
                        builder.perGroup(period, Map.of(id, reps)), Map.of(), null);
                yield builder.manager(counted, named(id), reps, false);
            }
            case COMPANY -> {
                Counted counted = new Counted(period, at, Map.of(), Map.of(),
                        builder.perGroup(period, repository.regionMembers()), builder.company(period));
                yield builder.company(counted, repository.regions(), false);
            }
        };
    }

    private Named named(UUID user) {
        return new Named(user, repository.userName(user).orElseThrow(() -> ProblemException.notFound("User " + user)));
    }
}
