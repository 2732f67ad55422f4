package io.github.crmvault.claim;

import io.github.crmvault.claim.TransferDtos.TransferRequest;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerOwnership;
import io.github.crmvault.customer.CustomerOwnership.Held;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.org.Users;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Transfers: a manager moves a customer between the people of the team subtrees they manage
 * (themselves included), an admin between any users, and also out of the pool. An administrative
 * move: the claim cap and cool-down do not apply, and the new owner gets a full protection period,
 * since they have not had a chance to visit yet.
 */
@ApplicationScoped
class TransferService {
    @Inject
    CallerContext callers;
    @Inject
    CustomerOwnership ownership;
    @Inject
    Users users;
    @Inject
    CrmSettings settings;

    @Transactional
    CustomerResponse transfer(UUID customerId, String ifMatch, TransferRequest request) {
        Caller caller = callers.current();
        Held customer = ownership.lockVisible(customerId);
        Preconditions.checkVersionIfPresent(ifMatch, customer.version());
        UUID target = request.toUserId();
        if (!caller.isAdmin()) {
            if (customer.inPool()) {
                throw ProblemException.forbidden("The customer is in the public pool: a rep claims it, or an admin assigns it");
            }
            // Seen is not enough (the integration role sees everything): the customer must be theirs to change.
            if (!caller.mayChange(customer.ownerId())) {
                throw ProblemException.forbidden("The customer belongs to someone outside the team subtrees you manage");
            }
            if (!caller.mayChange(target)) {
                throw ProblemException.forbidden("toUserId is not in the team subtrees you manage");
            }
        }
        if (customer.archived()) {
            throw ProblemException.conflict("The customer is archived; restore it before transferring it");
        }
        if (target.equals(customer.ownerId())) {
            throw ProblemException.conflict("The customer already belongs to " + target);
        }
        Users.UserState user = users.lockToReceive(target)
                .orElseThrow(() -> ProblemException.invalid("toUserId", "names no user"));
        if (!user.active()) {
            throw ProblemException.invalid("toUserId", "names a deactivated user");
        }
        return ownership.move(customerId, target, Kind.TRANSFER, request.reason().strip(),
                Audited.now().plus(settings.claim().protectionDays(), ChronoUnit.DAYS));
    }
}
