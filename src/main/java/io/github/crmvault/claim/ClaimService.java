package io.github.crmvault.claim;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerOwnership;
import io.github.crmvault.customer.CustomerOwnership.Claim;
import io.github.crmvault.customer.CustomerOwnership.Held;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of the public pool: who may claim a customer and when, who may put one back, and what
 * a rep's claims look like. Every owner change goes through {@link CustomerOwnership}.
 *
 * <p>Locks are always taken in one order, the claiming user's row before the customer's, so that
 * concurrent claims queue instead of deadlocking: the user row serialises one rep's claims (the cap
 * is counted under it), the customer row serialises the claims of one customer.
 */
@ApplicationScoped
class ClaimService {
    static final int MAX_EXPIRING_DAYS = 365;

    /**
     * The rep's live unsigned customers (signed ones are accounts and recall never takes them), as the
     * trigger of V44 keeps them: one row, where counting read a heap page per customer held.
     */
    private static final String HELD = "SELECT coalesce(max(held), 0) FROM customer_held WHERE owner_id = CAST(:user AS uuid)";
    private static final String LAST_LOST = "SELECT max(at) FROM customer_owner_change"
            + " WHERE customer_id = CAST(:customer AS uuid) AND old_owner_key = CAST(:user AS uuid)"
            + " AND kind IN ('RELEASE', 'RECALL')";
    /**
     * Both of a claim's rules, read under its locks in the claim's own statement: the customer has cooled
     * down if the rep never lost it or lost it by {@code :cooledIfLostBy} (now less the cool-down), and
     * the rep is under the cap while they hold fewer than {@code :limit}. The only place either is decided.
     */
    private static final NamedSql CLAIM = CustomerOwnership.claimStatement("""
            SELECT r.last_lost, r.held, r.cooled, r.under_cap, r.cooled AND r.under_cap AS allowed
            FROM (SELECT l.at AS last_lost, h.n AS held, l.at IS NULL OR l.at <= CAST(:cooledIfLostBy AS timestamptz) AS cooled,
                h.n < CAST(:limit AS bigint) AS under_cap
                FROM (%s) l(at), (%s) h(n)) r""".formatted(LAST_LOST, HELD));

    @Inject
    CallerContext callers;
    @Inject
    CustomerOwnership ownership;
    @Inject
    CustomerAccess customers;
    @Inject
    CrmSettings settings;

    @Transactional
    CustomerResponse claim(UUID customerId) {
        Caller caller = callers.current();
        if (!caller.ownsWhatItCreates()) {
            throw ProblemException.forbidden("Customers are claimed by reps and managers with a user record");
        }
        callers.requireNotLeaving("claim customers from the pool");
        UUID rep = caller.userId();
        // Not lockVisible: whoever lost the race for a pool customer gets "owned", not "not found".
        Held customer = ownership.lockForClaim(customerId, rep);
        if (!customer.inPool()) {
            throw new ProblemException(ProblemType.CUSTOMER_OWNED, rep.equals(customer.ownerId())
                    ? "You own this customer already" : "The customer already has an owner");
        }
        if (customer.archived()) {
            throw ProblemException.conflict("The customer is archived; an admin must restore it before it can be claimed");
        }
        Instant now = Audited.now();
        int coolDownDays = settings.claim().coolDownDays();
        int limit = settings.claim().maxCustomersPerRep();
        Claim claim = ownership.claim(CLAIM, Map.of("user", rep, "cooledIfLostBy", now.minus(coolDownDays, ChronoUnit.DAYS),
                "limit", limit), customer, rep, now, now.plus(settings.claim().protectionDays(), ChronoUnit.DAYS));
        Map<String, Object> rules = claim.rules();
        if (!(Boolean) rules.get("cooled")) {
            Instant lastLost = (Instant) rules.get("last_lost");
            Instant claimableAt = lastLost.plus(coolDownDays, ChronoUnit.DAYS);
            throw new ProblemException(ProblemType.CLAIM_COOL_DOWN, "You released or lost this customer at " + lastLost
                    + "; you may claim it again " + coolDownDays + " days later, from " + claimableAt,
                    Map.of("claimableAt", claimableAt));
        }
        if (!(Boolean) rules.get("under_cap")) {
            long held = ((Number) rules.get("held")).longValue();
            throw new ProblemException(ProblemType.CLAIM_LIMIT_REACHED, "You hold " + held
                    + " unsigned customers, the most a rep may hold (" + limit + "); release one first",
                    Map.of("limit", limit, "held", held));
        }
        return claim.customer();
    }

    /** Back to the pool, by the owner, a manager above them or an admin, with a reason. */
    @Transactional
    CustomerResponse release(UUID customerId, String reason) {
        Caller caller = callers.current();
        Held customer = ownership.lockVisible(customerId);
        if (customer.inPool()) {
            throw new ProblemException(ProblemType.CUSTOMER_IN_POOL, "The customer is in the public pool already");
        }
        UUID owner = customer.ownerId();
        if (!caller.mayChange(owner)) {
            throw ProblemException.forbidden("Only the owner, a manager above them or an admin may release a customer");
        }
        if (customer.archived()) {
            throw ProblemException.conflict("The customer is archived; restore it before releasing it");
        }
        return ownership.move(customerId, null, Kind.RELEASE, reason.strip(), null);
    }

    /** The caller's own claims that recall would take within {@code days} days (or already may), soonest first. */
    Page<CustomerResponse> expiring(int days, String cursor, int limit) {
        Caller caller = callers.current();
        if (caller.userId() == null) {
            // A bootstrap admin without a user record owns nothing; a bad cursor is still a 400.
            Cursor.decode(cursor);
            return new Page<>(List.of(), null);
        }
        Instant until = Audited.now().plus(days, ChronoUnit.DAYS);
        return customers.protectionEndingBefore(caller.userId(), until, cursor, limit);
    }

    /** The {@code days} parameter of the expiring list: 1 to 365, default 7. */
    static int parseDays(String text) {
        return PageRequest.parseCount("days", text, 7, MAX_EXPIRING_DAYS);
    }
}
