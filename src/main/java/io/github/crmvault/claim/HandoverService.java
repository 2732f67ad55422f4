package io.github.crmvault.claim;

import io.github.crmvault.claim.TransferDtos.HandoverRequest;
import io.github.crmvault.claim.TransferDtos.HandoverResponse;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.CustomerOwnership;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.org.OrgDtos.UserResponse;
import io.github.crmvault.org.Users;
import io.github.crmvault.org.Users.UserState;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Offboarding (admins): every customer of a leaving user, archived ones included, goes to a successor
 * or to the pool in one transaction, each with the audit rows of a single move; contacts, visits and
 * history stay with their customers, so the successor sees them at once. Optionally the user is
 * deactivated in the same transaction. Like a transfer, not bound by the claim cap, and the successor
 * gets a full protection period.
 */
@ApplicationScoped
class HandoverService {
    @Inject
    CustomerOwnership ownership;
    @Inject
    Users users;
    @Inject
    CrmSettings settings;
    @Inject
    CallerContext callers;

    @Transactional
    HandoverResponse handover(UUID userId, HandoverRequest request) {
        boolean toPool = Boolean.TRUE.equals(request.toPool());
        UUID successorId = request.toUserId();
        if (toPool && successorId != null) {
            throw ProblemException.invalid("toPool", "must be absent or false when toUserId names a successor");
        }
        if (!toPool && successorId == null) {
            throw ProblemException.invalid("toUserId", "is required, unless toPool is true");
        }
        if (userId.equals(successorId)) {
            throw ProblemException.invalid("toUserId", "is the leaving user; name their successor");
        }
        return handOver(userId, successorId, request.reason().strip(), Boolean.TRUE.equals(request.deactivate()),
                callers.current().login());
    }

    /**
     * The leaving job's handover on a user's leaving date, in the job's transaction: the same moves and
     * history as {@link #handover}, with the user deactivated, by {@code actor} (the system).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    HandoverResponse handOverOnLeaving(UUID userId, UUID successorId, String reason, String actor) {
        return handOver(userId, successorId, reason, true, actor);
    }

    private HandoverResponse handOver(UUID userId, UUID successorId, String reason, boolean deactivate, String actor) {
        // Both rows locked in id order, so that crossing handovers queue instead of deadlocking.
        Optional<UserState> leaving;
        Optional<UserState> successor = Optional.empty();
        if (successorId == null || userId.compareTo(successorId) < 0) {
            leaving = users.lockToHandOver(userId);
            if (successorId != null) {
                successor = users.lockToReceive(successorId);
            }
        } else {
            successor = users.lockToReceive(successorId);
            leaving = users.lockToHandOver(userId);
        }
        if (leaving.isEmpty()) {
            throw ProblemException.notFound("User");
        }
        if (successorId != null) {
            UserState state = successor.orElseThrow(() -> ProblemException.invalid("toUserId", "names no user"));
            if (!state.active()) {
                throw ProblemException.invalid("toUserId", "names a deactivated user");
            }
        }
        Instant protectedUntil = Audited.now().plus(settings.claim().protectionDays(), ChronoUnit.DAYS);
        int moved = ownership.moveAll(userId, successorId, Kind.HANDOVER, reason, protectedUntil, actor);
        UserResponse user = deactivate ? users.deactivate(userId, actor) : users.get(userId);
        return new HandoverResponse(user, successorId, moved);
    }
}
