package io.github.crmvault.claim;

import io.github.crmvault.claim.ClaimDtos.OwnerRef;
import io.github.crmvault.claim.ClaimDtos.OwnershipEntryResponse;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/**
 * A customer's ownership log (customer_owner_change): every owner it had, from its creation on,
 * with the kind of each change, who made it and why. Whoever sees the customer reads all of it.
 */
@ApplicationScoped
class OwnershipLog {
    private static final String ENTRIES = "SELECT o.seq, o.kind, o.old_owner_key, fu.display_name AS from_name,"
            + " o.new_owner_key, tu.display_name AS to_name, o.actor, o.reason, o.at"
            + " FROM customer_owner_change o"
            + " LEFT JOIN app_user fu ON fu.id = o.old_owner_key"
            + " LEFT JOIN app_user tu ON tu.id = o.new_owner_key"
            + " WHERE o.customer_id = :customer AND o.seq < :before ORDER BY o.seq DESC LIMIT :limit";

    @Inject
    CustomerAccess customers;
    @Inject
    EntityManager em;

    /** Newest first; 404 when the caller cannot see the customer. */
    Page<OwnershipEntryResponse> of(UUID customerId, String cursor, int limit) {
        customers.visible(customerId);
        Long before = Cursor.decodeSequence(cursor);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(ENTRIES)
                .setParameter("customer", customerId)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setParameter("limit", limit + 1)
                .unwrap(NativeQuery.class)
                .addScalar("seq", Long.class)
                .addScalar("kind", String.class)
                .addScalar("old_owner_key", UUID.class)
                .addScalar("from_name", String.class)
                .addScalar("new_owner_key", UUID.class)
                .addScalar("to_name", String.class)
                .addScalar("actor", String.class)
                .addScalar("reason", String.class)
                .addScalar("at", Instant.class)
                .getResultList();
        return Page.of(rows, limit, OwnershipLog::entry, row -> Cursor.encodeSequence((Long) row[0]));
    }

    private static OwnershipEntryResponse entry(Object[] row) {
        return new OwnershipEntryResponse((Long) row[0], (String) row[1], owner((UUID) row[2], (String) row[3]),
                owner((UUID) row[4], (String) row[5]), (String) row[6], (String) row[7], (Instant) row[8]);
    }

    /** Null for no owner at all (before creation); the pool's key is the pool. */
    private static OwnerRef owner(UUID key, String displayName) {
        if (key == null) {
            return null;
        }
        return Visibility.POOL.equals(key) ? new OwnerRef(true, null, null) : new OwnerRef(false, key, displayName);
    }
}
