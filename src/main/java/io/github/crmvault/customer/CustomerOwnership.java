package io.github.crmvault.customer;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The customer package's seam for owner changes (claims, releases, transfers, handovers, merges).
 * The rules of who may move a customer where live with the callers; this class makes every move the
 * same way: under a row lock, with a new version, a history entry carrying the reason, a row in the
 * ownership log and the change feed. Must run inside the caller's transaction.
 */
@ApplicationScoped
public class CustomerOwnership {
    /** Every kind of owner change; CREATE is the first owner, written by customer creation. */
    public enum Kind { CREATE, CLAIM, RELEASE, RECALL, TRANSFER, HANDOVER, MERGE }

    @Inject
    EntityManager em;
    @Inject
    CallerContext callers;
    @Inject
    CustomerService customers;
    @Inject
    ChangeLog changeLog;

    /** What the ownership rules need to know of a customer, read under a row lock. */
    public record Held(UUID id, String name, UUID ownerId, String status, boolean archived, Instant claimedAt,
            Instant protectedUntil, long version) {
        public boolean inPool() {
            return ownerId == null;
        }

        public boolean signed() {
            return "SIGNED".equals(status);
        }
    }

    /**
     * Locks the customer for an owner change, if the caller may see it (404 otherwise, as if it did
     * not exist). Concurrent movers of one customer queue here and each sees the previous one's result;
     * it must be the transaction's first read of the customer, so the row read is the locked one.
     */
    public Held lockVisible(UUID id) {
        Caller caller = callers.current();
        Customer customer = em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (customer == null || !caller.visibility().sees(customer.ownerId)) {
            throw ProblemException.notFound("Customer " + id);
        }
        return held(customer);
    }

    /**
     * Moves a customer locked by {@link #lockVisible} to {@code newOwnerId} (null: the pool). A new
     * owner's protection runs from now until {@code protectedUntil}; the pool has none.
     */
    public CustomerResponse move(UUID id, UUID newOwnerId, Kind kind, String reason, Instant protectedUntil) {
        Caller caller = callers.current();
        Customer customer = em.find(Customer.class, id);
        Map<String, Object> before = customer.snapshot();
        UUID oldOwnerId = customer.ownerId;
        customer.ownerId = newOwnerId;
        customer.claimedAt = newOwnerId == null ? null : Audited.now();
        customer.protectedUntil = newOwnerId == null ? null : protectedUntil;
        customer.stampUpdated(caller.login());
        em.flush();
        customers.writeHistory(customer.id, ChangeLog.CUSTOMER, customer.id, kind.name(), reason, caller, before,
                customer.snapshot());
        changeLog.ownerChanged(customer.id, oldOwnerId, newOwnerId, kind.name(), reason, caller.login());
        return CustomerResponse.of(customer);
    }

    private static Held held(Customer c) {
        return new Held(c.id, c.name, c.ownerId, c.status.name(), c.archived, c.claimedAt, c.protectedUntil, c.version);
    }
}
