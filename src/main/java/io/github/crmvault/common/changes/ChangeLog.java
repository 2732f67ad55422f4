package io.github.crmvault.common.changes;

import io.github.crmvault.common.security.Visibility;
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
 * changes a customer's owner (claims, releases, recalls, transfers) must call {@link #ownerChanged};
 * whoever changes the organisation (teams, their managers and parents, users' teams) must call
 * {@link #lockOrganisation} first and {@link #organisationChanged} last.
 */
@ApplicationScoped
public class ChangeLog {
    public static final String CUSTOMER = "CUSTOMER";
    public static final String CONTACT = "CONTACT";
    public static final String VISIT = "VISIT";
    public static final String REVIEW = "REVIEW";
    public static final String DEAL = "DEAL";

    /** The head of every insert into the feed's log; {@code INSERT ... SELECT} it from a statement's own rows. */
    public static final String INSERT = "INSERT INTO sync_change (entity_type, entity_id, customer_id)";
    private static final String ONE = INSERT + " VALUES (:type, :id, :customer)";
    /** The customers and everything under them: what a client must re-read when a customer's fate changes. */
    private static final String WITH_CONTACTS = INSERT + withContactsRows("CAST(:customers AS uuid[])");
    private static final String FIRST_OWNER = "INSERT INTO customer_owner_change"
            + " (customer_id, old_owner_key, new_owner_key, actor, kind) VALUES (:customer, NULL, :new, :actor, 'CREATE')";
    /** The head of every insert into the ownership log of owner changes; {@code INSERT ... SELECT} it. */
    public static final String OWNERS_INSERT = "INSERT INTO customer_owner_change"
            + " (customer_id, old_owner_key, new_owner_key, actor, kind, reason)";
    private static final String OWNERS = OWNERS_INSERT
            + " SELECT m.customer_id, m.old_owner_key, :new, :actor, :kind, CAST(:reason AS varchar)"
            + " FROM unnest(CAST(:customers AS uuid[]), CAST(:oldOwners AS uuid[])) AS m(customer_id, old_owner_key)";

    /** Any constant: the advisory lock that queues organisation changes. */
    private static final long ORGANISATION_LOCK = 0x6f72675f6665656cL;
    private static final String LOCK = "SELECT count(*) FROM pg_advisory_xact_lock(:key)";
    /**
     * Diffs who manages whom now (the relation CallerContext resolves, for every team manager) with
     * managed_owner: records each pair that entered or left, brings managed_owner up to date, and
     * returns the owners whose managers changed.
     */
    private static final String MANAGED_DIFF = """
            WITH RECURSIVE reach(manager_id, team_id) AS (
                SELECT t.manager_id, t.id FROM team t WHERE t.manager_id IS NOT NULL
                UNION
                SELECT r.manager_id, child.id FROM team child JOIN reach r ON child.parent_id = r.team_id
            ), managed AS (
                SELECT DISTINCT r.manager_id, u.id AS owner_id FROM reach r JOIN app_user u ON u.team_id = r.team_id
                WHERE u.id <> r.manager_id
            ), entered AS (
                SELECT manager_id, owner_id FROM managed EXCEPT SELECT manager_id, owner_id FROM managed_owner
            ), gone AS (
                SELECT manager_id, owner_id FROM managed_owner EXCEPT SELECT manager_id, owner_id FROM managed
            ), logged AS (
                INSERT INTO managed_owner_change (manager_id, owner_id, entered, actor)
                SELECT manager_id, owner_id, true, :actor FROM entered
                UNION ALL SELECT manager_id, owner_id, false, :actor FROM gone
                RETURNING owner_id
            ), removed AS (
                DELETE FROM managed_owner m USING gone g WHERE m.manager_id = g.manager_id AND m.owner_id = g.owner_id
            ), added AS (
                INSERT INTO managed_owner (manager_id, owner_id) SELECT manager_id, owner_id FROM entered
            )
            SELECT DISTINCT owner_id FROM logged
            """;
    /** The live customers of the given owners. */
    private static final String OWNED_BY = "SELECT c.id FROM customer c"
            + " WHERE c.owner_key = ANY(CAST(:owners AS uuid[])) AND NOT c.archived";

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
        em.createNativeQuery(WITH_CONTACTS).setParameter("customers", customerIds.toArray(UUID[]::new)).executeUpdate();
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
                .setParameter("customers", customers.toArray(UUID[]::new))
                .setParameter("oldOwners", customers.stream().map(c -> keyOf(oldOwners.get(c))).toArray(UUID[]::new))
                .setParameter("new", keyOf(newOwnerId))
                .setParameter("actor", actor)
                .setParameter("kind", kind)
                .setParameter("reason", reason)
                .executeUpdate();
        changedWithContacts(customers);
    }

    /**
     * Queues this transaction behind every other organisation change. Call it before the change's
     * first write: organisation changes then get their transaction ids in commit order, which is the
     * order the feed replays managed_owner_change in.
     */
    public void lockOrganisation() {
        em.createNativeQuery(LOCK).setParameter("key", ORGANISATION_LOCK).getSingleResult();
    }

    /**
     * The organisation changed (after its rows are written): every pair of manager and owner that
     * entered or left a manager's subtrees is recorded, and the live customers of those owners, with
     * everything under them, re-enter the feed, so that a manager's client gets them when they come
     * into view and learns they left when they go (the feed decides per caller).
     */
    public void organisationChanged(String actor) {
        em.flush(); // the team and user rows first: the diff reads them
        @SuppressWarnings("unchecked")
        List<UUID> owners = em.createNativeQuery(MANAGED_DIFF).setParameter("actor", actor).getResultList();
        if (owners.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<UUID> customers = em.createNativeQuery(OWNED_BY).setParameter("owners", owners.toArray(UUID[]::new))
                .getResultList();
        if (!customers.isEmpty()) {
            changedWithContacts(customers);
        }
    }

    /**
     * The rows {@link #changedWithContacts} adds to the feed, for an {@link #INSERT}: {@code customers} is
     * SQL giving the customers' ids as a uuid[] (a parameter, or an array of a statement's own rows).
     */
    public static String withContactsRows(String customers) {
        return " SELECT 'CUSTOMER', c.id, c.id FROM unnest(" + customers + ") AS c(id)"
                + " UNION ALL SELECT 'CONTACT', k.id, k.customer_id FROM contact k WHERE k.customer_id = ANY(" + customers + ")"
                + " UNION ALL SELECT 'VISIT', v.id, v.customer_id FROM visit v WHERE v.customer_id = ANY(" + customers + ")"
                + " UNION ALL SELECT 'REVIEW', r.id, r.customer_id FROM visit_review r WHERE r.customer_id = ANY(" + customers + ")"
                + " UNION ALL SELECT 'DEAL', d.id, d.customer_id FROM deal d WHERE d.customer_id = ANY(" + customers + ")";
    }

    /** The ownership log's key of an owner: the pool's key for none. */
    public static UUID keyOf(UUID ownerId) {
        return ownerId == null ? Visibility.POOL : ownerId;
    }
}
