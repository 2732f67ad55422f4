package io.github.crmvault.customer;


import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.sql.NamedSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;

/**
 * The customer package's seam for records that hang off a customer (visits, reviews): the same
 * visibility and write rules as customers and contacts, and the customer's audit trail. Nothing
 * outside this package touches customer entities.
 */
@ApplicationScoped
public class CustomerAccess {
    @Inject
    CustomerService customers;
    @Inject
    CustomerRepository repository;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    CustomerOwnership ownership;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    /** What other packages may know of a customer. */
    public record CustomerView(UUID id, String name, UUID ownerId, boolean archived) {
        static CustomerView of(Customer c) {
            return new CustomerView(c.id, c.name, c.ownerId, c.archived);
        }
    }

    /** The customer if the caller may see it; otherwise 404, exactly as if it did not exist. */
    public CustomerView visible(UUID customerId) {
        return CustomerView.of(customers.visible(customerId));
    }

    /** The customer if the caller may see it; empty otherwise. */
    public Optional<CustomerView> findVisible(UUID customerId) {
        return repository.findVisible(customerId, callers.current().visibility()).map(CustomerView::of);
    }

    /** The customer if the caller may change what hangs off it (404 unseen, 403 pool unless admin). */
    public CustomerView writable(UUID customerId) {
        return CustomerView.of(customers.writable(customerId));
    }

    /**
     * The customer's contacts with these ids as a caller of this sight sees them (masked unless it sees
     * them in full; erased ones stay erased), in the order given: for payloads that name contacts.
     */
    public List<CustomerDtos.ContactResponse> contactsAsSeen(UUID customerId, UUID ownerId, Collection<UUID> contactIds,
            io.github.crmvault.common.security.PersonalData.Sight sight) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        boolean full = sight.full(customerId, ownerId);
        Map<UUID, Contact> found = new java.util.HashMap<>();
        em.createQuery("FROM Contact k WHERE k.customerId = :customer AND k.id IN :ids", Contact.class)
                .setParameter("customer", customerId).setParameter("ids", contactIds).getResultList()
                .forEach(k -> found.put(k.id, k));
        return contactIds.stream().filter(found::containsKey).map(id -> CustomerDtos.ContactResponse.of(found.get(id), full))
                .toList();
    }

    /** 400 naming {@code field} unless every id is a contact of the customer. */
    public void requireContactsOf(UUID customerId, Collection<UUID> contactIds, String field) {
        if (contactIds.isEmpty()) {
            return;
        }
        List<UUID> found = em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            try (java.sql.PreparedStatement statement = CONTACTS_OF.prepare(connection, Map.of("customer", customerId,
                    "contacts", connection.createArrayOf("uuid", contactIds.toArray())));
                    java.sql.ResultSet row = statement.executeQuery()) {
                row.next();
                Object[] ids = (Object[]) row.getArray(1).getArray();
                return Arrays.asList(Arrays.copyOf(ids, ids.length, UUID[].class));
            }
        });
        requireAllFound(contactIds, found, field);
    }

    /**
     * {@link #requireContactsOf} for a caller that looked the contacts up itself, in one statement with
     * other work ({@link #CONTACTS_OF_SQL}): {@code found} are those of {@code contactIds} that are the
     * customer's.
     */
    public static void requireAllFound(Collection<UUID> contactIds, Collection<UUID> found, String field) {
        Set<UUID> wanted = new HashSet<>(contactIds);
        if (found.size() != wanted.size()) {
            List<UUID> missing = new ArrayList<>(wanted);
            missing.removeAll(found);
            throw ProblemException.invalid(field, "must be contacts of this customer; not one: " + missing);
        }
    }

    /**
     * The SQL form of {@link #requireContactsOf}'s lookup: the ids among {@code :contacts} (uuid[]) that
     * are contacts of {@code :customer}, as an array.
     */
    public static final String CONTACTS_OF_SQL = "ARRAY(SELECT k.id FROM contact k WHERE k.customer_id = CAST(:customer AS uuid)"
            + " AND k.id = ANY(CAST(:contacts AS uuid[])))";

    /** {@link #CONTACTS_OF_SQL} on its own, for {@link #requireContactsOf}: the one form of the rule. */
    private static final NamedSql CONTACTS_OF = NamedSql.of("SELECT " + CONTACTS_OF_SQL);

    /**
     * 403 unless the caller may change what hangs off a customer of this owner (null: the pool), for
     * a caller that read the customer's owner itself (the visibility check is {@code Visibility.SQL_PREDICATE}).
     */
    public void requireWritable(UUID ownerId) {
        CustomerService.requireMayChange(callers.current(), ownerId);
    }

    /** The public pool, newest first, optionally searched by {@code q}: GET /customers?ownerId=pool&q=... */
    public Page<CustomerResponse> pool(String q, String cursor, int limit) {
        CustomerQuery query = new CustomerQuery();
        query.ownerId = "pool";
        query.q = q;
        return customers.list(query, cursor, limit);
    }

    /**
     * The customers recall may take once their protection lapses, over a customer table aliased
     * {@code c}: owned, live, unsigned (signed customers are accounts and are never recalled). The
     * expiring-claims list and the follow-ups' ending protections both read it, with the bound
     * {@code c.protected_until < :until}.
     */
    public static final String PROTECTION_ENDS_SQL = "c.owner_id IS NOT NULL AND NOT c.archived"
            + " AND c.status <> 'SIGNED' AND c.protected_until < :until";

    /**
     * The owner's live, unsigned customers (those recall may take) whose protection ends before
     * {@code until}, soonest first; the cursor is the last one's protection end and id.
     */
    public Page<CustomerResponse> protectionEndingBefore(UUID ownerId, Instant until, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        Query query = em.createNativeQuery("SELECT c.* FROM customer c WHERE c.owner_id = :owner AND "
                        + PROTECTION_ENDS_SQL
                        + (after == null ? "" : " AND (c.protected_until, c.id) > (:at, :id)")
                        + " ORDER BY c.protected_until, c.id LIMIT :limit", Customer.class)
                .setParameter("owner", ownerId)
                .setParameter("until", until)
                .setParameter("limit", limit + 1)
                .setHint(HibernateHints.HINT_READ_ONLY, true);
        if (after != null) {
            query.setParameter("at", after.at()).setParameter("id", after.id());
        }
        @SuppressWarnings("unchecked")
        List<Customer> rows = query.getResultList();
        return Page.of(rows, limit, customers::response, c -> new Cursor(c.protectedUntil, c.id).encode());
    }

    /** Records a change of a record that belongs to the customer in its history (GET /customers/{id}/history). */
    public void record(UUID customerId, String entityType, UUID entityId, String action, Caller caller,
            Map<String, Object> before, Map<String, Object> after) {
        customers.record(customerId, entityType, entityId, action, caller, before, after);
    }

    /**
     * {@link #record}'s history entry as the head of an {@code INSERT ... SELECT}, for a statement that
     * writes the record and its history together: the SELECT gives customer_id, entity_type, entity_id,
     * action, actor, at and changes (jsonb of {@link #historyChanges}). The change feed's row is the
     * caller's (ChangeLog.INSERT), as with {@link #record}.
     */
    public static final String HISTORY_INSERT = "INSERT INTO customer_history"
            + " (customer_id, entity_type, entity_id, action, actor, at, changes)";

    /** The changes column of a history entry for {@link #HISTORY_INSERT}, as JSON. */
    public String historyChanges(Map<String, Object> before, Map<String, Object> after) {
        try {
            return json.writeValueAsString(io.github.crmvault.common.audit.Changes.between(before, after));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A history entry's changes could not be written as JSON", e);
        }
    }

    /** {@link #record} with the reason the caller gave (a cancelled deal's). */
    public void record(UUID customerId, String entityType, UUID entityId, String action, String reason, Caller caller,
            Map<String, Object> before, Map<String, Object> after) {
        customers.record(customerId, entityType, entityId, action, reason, caller, before, after);
    }

    /** What the deal rules need of a customer, read under a row lock. */
    public record DealTarget(UUID id, UUID ownerId, boolean archived, LocalDate expectedSignDate) {
    }

    /**
     * Locks the customer if the caller may see it (404 otherwise): deals of one customer are recorded
     * and cancelled one at a time, so its status follows its deals. Must be the transaction's first
     * read of the customer.
     */
    public DealTarget lockForDeal(UUID customerId) {
        ownership.lockVisible(customerId);
        Customer c = em.find(Customer.class, customerId);
        return new DealTarget(c.id, c.ownerId, c.archived, c.expectedSignDate);
    }

    /**
     * The customer locked by {@link #lockForDeal} becomes SIGNED (it has a live deal) or goes back to
     * PROSPECT (its last live deal was cancelled), as an audited change with the reason; no change
     * when it has that status already.
     */
    public void signedByDeals(UUID customerId, boolean signed, String reason) {
        Customer customer = em.find(Customer.class, customerId);
        customers.setStatus(customer, signed ? Customer.Status.SIGNED : Customer.Status.PROSPECT, reason);
    }
}
