package io.github.crmvault.common.changes;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.UuidArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the change feed's log (sync_change) and the customer ownership log. Every call must run in
 * the transaction of the business change it records, so the feed sees both or neither. Whoever
 * changes a customer's owner (claims, releases, recalls, transfers) must call {@link #ownerChanged}.
 */
@ApplicationScoped
public class ChangeLog {
    public static final String CUSTOMER = "CUSTOMER";
    public static final String CONTACT = "CONTACT";
    public static final String VISIT = "VISIT";
    public static final String REVIEW = "REVIEW";
    public static final String DEAL = "DEAL";

    private static final String ONE = "INSERT INTO sync_change (entity_type, entity_id, customer_id)"
            + " VALUES (:type, :id, :customer)";
    /** The customers and everything under them: what a client must re-read when a customer's fate changes. */
    private static final String WITH_CONTACTS = "INSERT INTO sync_change (entity_type, entity_id, customer_id)"
            + " SELECT 'CUSTOMER', c.id, c.id FROM unnest(CAST(:customers AS uuid[])) AS c(id)"
            + " UNION ALL SELECT 'CONTACT', k.id, k.customer_id FROM contact k WHERE k.customer_id = ANY(CAST(:customers AS uuid[]))"
            + " UNION ALL SELECT 'VISIT', v.id, v.customer_id FROM visit v WHERE v.customer_id = ANY(CAST(:customers AS uuid[]))"
            + " UNION ALL SELECT 'REVIEW', r.id, r.customer_id FROM visit_review r WHERE r.customer_id = ANY(CAST(:customers AS uuid[]))"
            + " UNION ALL SELECT 'DEAL', d.id, d.customer_id FROM deal d WHERE d.customer_id = ANY(CAST(:customers AS uuid[]))";
    private static final String FIRST_OWNER = "INSERT INTO customer_owner_change"
            + " (customer_id, old_owner_key, new_owner_key, actor, kind) VALUES (:customer, NULL, :new, :actor, 'CREATE')";
    private static final String OWNERS = "INSERT INTO customer_owner_change"
            + " (customer_id, old_owner_key, new_owner_key, actor, kind, reason)"
            + " SELECT m.customer_id, m.old_owner_key, :new, :actor, :kind, CAST(:reason AS varchar)"
            + " FROM unnest(CAST(:customers AS uuid[]), CAST(:oldOwners AS uuid[])) AS m(customer_id, old_owner_key)";

    @Inject
    EntityManager em;

    /** One record changed (created, updated, archived or restored). */
    public void changed(String entityType, UUID entityId, UUID customerId) {
        em.createNativeQuery(ONE)
                .setParameter("type", entityType)
                .setParameter("id", entityId)
                .setParameter("customer", customerId)
                .executeUpdate();
    }

    /**
     * A change that decides whether the customer's contacts are in a client's view too (archive,
     * restore, a new owner): the customer and all its contacts enter the feed.
     */
    public void changedWithContacts(UUID customerId) {
        changedWithContacts(List.of(customerId));
    }

    /** {@link #changedWithContacts(UUID)} for many customers in one statement. */
    public void changedWithContacts(Collection<UUID> customerIds) {
        em.createNativeQuery(WITH_CONTACTS).setParameter("customers", UuidArrays.literal(customerIds)).executeUpdate();
    }

    /** A new customer's first owner (null for the pool); no feed row, the creation writes its own. */
    public void ownerSet(UUID customerId, UUID ownerId, String actor) {
        em.flush(); // the customer row first: the ownership log references it
        em.createNativeQuery(FIRST_OWNER)
                .setParameter("customer", customerId)
                .setParameter("new", keyOf(ownerId))
                .setParameter("actor", actor)
                .executeUpdate();
    }

    /**
     * The customer moved from one owner to another (null = the pool), by a change of the given kind
     * (CLAIM, RELEASE, RECALL, TRANSFER, HANDOVER, MERGE): recorded, and the customer and everything
     * under it re-enter the feed.
     */
    public void ownerChanged(UUID customerId, UUID oldOwnerId, UUID newOwnerId, String kind, String reason, String actor) {
        Map<UUID, UUID> oldOwners = new HashMap<>(); // not Map.of: the old owner may be null (the pool)
        oldOwners.put(customerId, oldOwnerId);
        ownersChanged(oldOwners, newOwnerId, kind, reason, actor);
    }

    /**
     * {@link #ownerChanged} for many customers moved alike in one transaction (a recall batch), in
     * one statement per table rather than one per customer.
     *
     * @param oldOwners each moved customer's id and its previous owner (null: the pool)
     */
    public void ownersChanged(Map<UUID, UUID> oldOwners, UUID newOwnerId, String kind, String reason, String actor) {
        List<UUID> customers = new ArrayList<>(oldOwners.keySet());
        em.createNativeQuery(OWNERS)
                .setParameter("customers", UuidArrays.literal(customers))
                .setParameter("oldOwners", UuidArrays.literal(customers.stream().map(c -> keyOf(oldOwners.get(c))).toList()))
                .setParameter("new", keyOf(newOwnerId))
                .setParameter("actor", actor)
                .setParameter("kind", kind)
                .setParameter("reason", reason)
                .executeUpdate();
        changedWithContacts(customers);
    }

    private static UUID keyOf(UUID ownerId) {
        return ownerId == null ? Visibility.POOL : ownerId;
    }
}
