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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

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

    /** Locked customers to the pool, returning what they had, as move() would leave them. */
    private static final String TO_POOL = "WITH old AS (SELECT id, owner_id, claimed_at, protected_until FROM customer"
            + " WHERE id = ANY(CAST(:ids AS uuid[])) AND owner_id IS NOT NULL)"
            + " UPDATE customer c SET owner_id = NULL, claimed_at = NULL, protected_until = NULL,"
            + " version = c.version + 1, updated_at = :now, updated_by = :actor"
            + " FROM old WHERE c.id = old.id RETURNING old.id, old.owner_id, old.claimed_at, old.protected_until";
    /** One history entry per moved customer, as CustomerService.writeHistory writes them. */
    private static final String HISTORY = "INSERT INTO customer_history"
            + " (customer_id, entity_type, entity_id, action, actor, at, reason, changes)"
            + " SELECT e.id, 'CUSTOMER', e.id, :action, :actor, :at, CAST(:reason AS varchar), e.changes"
            + " FROM jsonb_to_recordset(CAST(:entries AS jsonb)) AS e(id uuid, changes jsonb)";

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
        Held held = lockForClaim(id);
        if (!callers.current().visibility().sees(held.ownerId())) {
            throw ProblemException.notFound("Customer " + id);
        }
        return held;
    }

    /**
     * Locks the customer for a claim whoever holds it (404 only if it does not exist): a rep who lost
     * the race for a pool customer learns that it has an owner, never who. Callers must reveal
     * nothing of a customer the caller cannot see beyond "it has an owner".
     */
    public Held lockForClaim(UUID id) {
        Customer customer = em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (customer == null) {
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
     * Moves customers to the pool that this transaction holds locked (for instance by
     * {@code FOR UPDATE SKIP LOCKED}), exactly as {@link #move} would one by one (a new version, a
     * history entry, the ownership log and the change feed), but in one statement per table, for the
     * system's own moves such as recall, which have no caller: {@code actor} names who moved them.
     * Customers already in the pool are passed over.
     *
     * @return how many customers moved
     */
    public int moveLockedToPool(Collection<UUID> ids, Kind kind, String reason, String actor) {
        Instant now = Audited.now();
        @SuppressWarnings("unchecked")
        List<Object[]> moved = em.createNativeQuery(TO_POOL)
                .setParameter("ids", UuidArrays.literal(ids))
                .setParameter("now", now)
                .setParameter("actor", actor)
                .unwrap(NativeQuery.class)
                .addScalar("id", UUID.class)
                .addScalar("owner_id", UUID.class)
                .addScalar("claimed_at", Instant.class)
                .addScalar("protected_until", Instant.class)
                .getResultList();
        if (moved.isEmpty()) {
            return 0;
        }
        Map<UUID, UUID> oldOwners = new LinkedHashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object[] row : moved) {
            UUID id = (UUID) row[0];
            oldOwners.put(id, (UUID) row[1]);
            // The owner fields of Customer.snapshot(), before and after: the history shows what move() shows.
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("ownerId", row[1].toString());
            before.put("claimedAt", row[2] == null ? null : row[2].toString());
            before.put("protectedUntil", row[3] == null ? null : row[3].toString());
            Map<String, Object> after = new LinkedHashMap<>();
            before.keySet().forEach(field -> after.put(field, null));
            entries.add(Map.of("id", id, "changes", Changes.between(before, after)));
        }
        try {
            em.createNativeQuery(HISTORY)
                    .setParameter("entries", json.writeValueAsString(entries))
                    .setParameter("action", kind.name())
                    .setParameter("actor", actor)
                    .setParameter("at", now)
                    .setParameter("reason", reason)
                    .executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("History entries not serializable", e);
        }
        changeLog.ownersChanged(oldOwners, null, kind.name(), reason, actor);
        return moved.size();
    }

    private static Held held(Customer c) {
        return new Held(c.id, c.name, c.ownerId, c.status.name(), c.archived, c.claimedAt, c.protectedUntil, c.version);
    }
}
