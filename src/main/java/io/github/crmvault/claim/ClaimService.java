package io.github.crmvault.claim;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerOwnership;
import io.github.crmvault.customer.CustomerOwnership.Held;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
     * FOR NO KEY UPDATE rather than FOR UPDATE: it excludes the rep's other claims all the same, but
     * not the key-share locks that foreign keys take, so the rep's visits and new customers (and a
     * transfer to them) never wait for a claim.
     */
    private static final String LOCK_USER = "SELECT id FROM app_user WHERE id = :user FOR NO KEY UPDATE";
    /** The cap counts prospects only: signed customers are accounts and recall never takes them. */
    private static final String HELD = "SELECT count(*) FROM customer"
            + " WHERE owner_id = :user AND NOT archived AND status <> 'SIGNED'";
    private static final String LAST_LOST = "SELECT max(at) FROM customer_owner_change"
            + " WHERE customer_id = :customer AND old_owner_key = :user AND kind IN ('RELEASE', 'RECALL')";
    /** Both of a claim's checks under the locks, in one round trip: when the rep last lost it, and how many they hold. */
    private static final String LAST_LOST_AND_HELD = "SELECT (" + LAST_LOST + "), (" + HELD + ")";

    @Inject
    CallerContext callers;
    @Inject
    CustomerOwnership ownership;
    @Inject
    CustomerAccess customers;
    @Inject
    CrmSettings settings;
    @Inject
    EntityManager em;

    @Transactional
    CustomerResponse claim(UUID customerId) {
        Caller caller = callers.current();
        if (!caller.ownsWhatItCreates()) {
            throw ProblemException.forbidden("Customers are claimed by reps and managers with a user record");
        }
        callers.requireNotLeaving("claim customers from the pool");
        UUID rep = caller.userId();
        em.createNativeQuery(LOCK_USER).setParameter("user", rep).getResultList();
        // Not lockVisible: whoever lost the race for a pool customer gets "owned", not "not found".
        Held customer = ownership.lockForClaim(customerId);
        if (!customer.inPool()) {
            throw new ProblemException(ProblemType.CUSTOMER_OWNED, rep.equals(customer.ownerId())
                    ? "You own this customer already" : "The customer already has an owner");
        }
        if (customer.archived()) {
            throw ProblemException.conflict("The customer is archived; an admin must restore it before it can be claimed");
        }
        Instant now = Audited.now();
        // No result class: Hibernate's plan cache keys a native query with one by a mapping whose keys
        // collide, and the bench's claim spent 27% of its CPU walking them (bench/README.md, issue 14).
        Object[] checks = (Object[]) em.createNativeQuery(LAST_LOST_AND_HELD)
                .setParameter("customer", customerId)
                .setParameter("user", rep)
                .getSingleResult();
        requireCooledDown(checks[0], now);
        int limit = settings.claim().maxCustomersPerRep();
        long held = ((Number) checks[1]).longValue();
        if (held >= limit) {
            throw new ProblemException(ProblemType.CLAIM_LIMIT_REACHED, "You hold " + held
                    + " unsigned customers, the most a rep may hold (" + limit + "); release one first",
                    Map.of("limit", limit, "held", held));
        }
        return ownership.move(customerId, rep, Kind.CLAIM, null,
                now.plus(settings.claim().protectionDays(), ChronoUnit.DAYS));
    }

    /** 409 while the rep released or lost this customer ({@code last}: when, null for never) less than the cool-down ago. */
    private void requireCooledDown(Object last, Instant now) {
        int days = settings.claim().coolDownDays();
        if (last == null) {
            return;
        }
        Instant lastLost = last instanceof java.time.OffsetDateTime at ? at.toInstant()
                : last instanceof java.sql.Timestamp at ? at.toInstant() : (Instant) last;
        Instant claimableAt = lastLost.plus(days, ChronoUnit.DAYS);
        if (now.isBefore(claimableAt)) {
            throw new ProblemException(ProblemType.CLAIM_COOL_DOWN, "You released or lost this customer at " + lastLost
                    + "; you may claim it again " + days + " days later, from " + claimableAt,
                    Map.of("claimableAt", claimableAt));
        }
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
