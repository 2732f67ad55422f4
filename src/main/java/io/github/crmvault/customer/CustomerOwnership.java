package io.github.crmvault.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.audit.Changes;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.hibernate.query.NativeQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** A bulk move's customers with the values it replaces, locked. */
    private static final String LOCK_OWNED = "SELECT id, claimed_at, protected_until FROM customer"
            + " WHERE owner_id = :owner ORDER BY id FOR UPDATE";
    /** Text parameters cast in SQL: a null (the pool) then has a type. */
    private static final String MOVE_ALL = "UPDATE customer SET owner_id = CAST(:owner AS uuid),"
            + " claimed_at = CAST(:claimedAt AS timestamptz), protected_until = CAST(:until AS timestamptz),"
            + " version = version + 1, updated_at = :now, updated_by = :actor WHERE id = ANY(CAST(:ids AS uuid[]))";
    private static final String HISTORY_ALL = "INSERT INTO customer_history"
            + " (customer_id, entity_type, entity_id, action, actor, at, reason, changes)"
            + " SELECT e.id, 'CUSTOMER', e.id, :action, :actor, :now, CAST(:reason AS varchar), e.changes"
            + " FROM jsonb_to_recordset(CAST(:entries AS jsonb)) AS e(id uuid, changes jsonb) ORDER BY e.id";

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
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

    /**
     * Moves every customer {@code fromOwnerId} owns, archived ones included, to {@code newOwnerId}
     * (null: the pool), writing for each the rows {@link #move} writes (a new version, the history
     * entry with the reason, the ownership log and the change feed), in a fixed number of
     * statements whatever the number of customers. Returns how many moved.
     */
    public int moveAll(UUID fromOwnerId, UUID newOwnerId, Kind kind, String reason, Instant protectedUntil) {
        Caller caller = callers.current();
        // Locked in id order, as a merge locks its pair, so that overlapping movers queue instead of deadlocking.
        @SuppressWarnings("unchecked")
        List<Object[]> owned = em.createNativeQuery(LOCK_OWNED).setParameter("owner", fromOwnerId)
                .unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("claimed_at", Instant.class).addScalar("protected_until", Instant.class)
                .getResultList();
        if (owned.isEmpty()) {
            return 0;
        }
        Instant now = Audited.now();
        Instant claimedAt = newOwnerId == null ? null : now;
        Instant until = newOwnerId == null ? null : protectedUntil;
        Map<String, Object> after = Customer.ownership(newOwnerId, claimedAt, until);
        List<UUID> ids = new ArrayList<>(owned.size());
        List<Map<String, Object>> entries = new ArrayList<>(owned.size());
        for (Object[] row : owned) {
            UUID id = (UUID) row[0];
            ids.add(id);
            Map<String, Object> before = Customer.ownership(fromOwnerId, (Instant) row[1], (Instant) row[2]);
            entries.add(Map.of("id", id, "changes", Changes.between(before, after)));
        }
        em.createNativeQuery(MOVE_ALL)
                .setParameter("owner", newOwnerId == null ? null : newOwnerId.toString())
                .setParameter("claimedAt", claimedAt == null ? null : claimedAt.toString())
                .setParameter("until", until == null ? null : until.toString())
                .setParameter("now", now)
                .setParameter("actor", caller.login())
                .setParameter("ids", UuidArrays.literal(ids))
                .executeUpdate();
        em.createNativeQuery(HISTORY_ALL)
                .setParameter("action", kind.name())
                .setParameter("actor", caller.login())
                .setParameter("now", now)
                .setParameter("reason", reason)
                .setParameter("entries", json(entries))
                .executeUpdate();
        changeLog.ownersChanged(ids, fromOwnerId, newOwnerId, kind.name(), reason, caller.login());
        return ids.size();
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("History entries could not be written as JSON", e);
        }
    }

    private static Held held(Customer c) {
        return new Held(c.id, c.name, c.ownerId, c.status.name(), c.archived, c.claimedAt, c.protectedUntil, c.version);
    }
}
