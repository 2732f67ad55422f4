package io.github.crmvault.sync;

import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerFeed;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.deal.DealFeed;
import io.github.crmvault.visit.VisitDtos.ReviewResponse;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.github.crmvault.visit.VisitFeed;
import io.github.crmvault.sync.SyncDtos.Removed;
import io.github.crmvault.sync.SyncDtos.SyncChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The change feed. It reads the change log in (txid, seq) order, only rows of transactions that
 * ended before every transaction still running began (txid below the current snapshot's xmin): no
 * row can ever appear behind a cursor afterwards, so nothing is missed. Each page is compacted: a
 * record appears once, in its current state, loaded in one query per type through the customer
 * package's {@link CustomerFeed} under the caller's visibility. A record the caller cannot see now
 * is reported as removed only when the caller could see it (its customer had an owner the caller
 * sees since the cursor); otherwise it does not appear at all, not even its id.
 */
@ApplicationScoped
class SyncService {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;

    /** Change rows after the cursor, of finished transactions only, in log order. */
    private static final String CHANGES = "SELECT CAST(s.txid AS text), s.seq, s.entity_type, s.entity_id, s.customer_id"
            + " FROM sync_change s"
            + " WHERE (s.txid, s.seq) > (CAST(:txid AS xid8), :seq)"
            + " AND s.txid < pg_snapshot_xmin(pg_current_snapshot())";
    private static final String ORDER = " ORDER BY s.txid, s.seq LIMIT :limit";
    /**
     * For callers with a limited view, rows of customers they can neither see now nor could have
     * seen since the cursor are skipped in the query already, so that pages stay full. (The final
     * decision is made below on the loaded records; this only narrows.)
     */
    private static final String RELEVANT = " AND (EXISTS (SELECT 1 FROM customer c WHERE c.id = s.customer_id AND "
            + Visibility.SQL_PREDICATE + ") OR EXISTS (SELECT 1 FROM customer_owner_change o"
            + " WHERE o.customer_id = s.customer_id AND o.txid >= CAST(:txid AS xid8)"
            + " AND o.old_owner_key = ANY(CAST(:visibleOwners AS uuid[]))))";
    /** Of the given customers, those that had an owner the caller sees and moved away since the cursor's transaction. */
    private static final String LEFT_VIEW = "SELECT DISTINCT o.customer_id FROM customer_owner_change o"
            + " WHERE o.customer_id = ANY(CAST(:ids AS uuid[])) AND o.txid >= CAST(:txid AS xid8)"
            + " AND o.old_owner_key = ANY(CAST(:visibleOwners AS uuid[]))";

    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    CustomerFeed feed;
    @Inject
    VisitFeed visitFeed;
    @Inject
    DealFeed dealFeed;

    private record Change(long txid, long seq, String type, UUID id, UUID customerId) {
    }

    SyncChanges changes(String cursorText, String limitText) {
        int limit = PageRequest.parseLimit(limitText, DEFAULT_LIMIT, MAX_LIMIT);
        Caller caller = callers.current();
        FeedCursor after = FeedCursor.decode(cursorText, caller.login());
        Visibility visibility = caller.visibility();

        List<Change> rows = read(after, visibility, limit + 1);
        boolean more = rows.size() > limit;
        List<Change> page = more ? rows.subList(0, limit) : rows;
        FeedCursor next = page.isEmpty() ? after
                : new FeedCursor(page.get(page.size() - 1).txid(), page.get(page.size() - 1).seq());

        // Compaction: each record once, in order of first appearance.
        Map<UUID, UUID> customerChanges = new LinkedHashMap<>();
        Map<UUID, UUID> contactChanges = new LinkedHashMap<>();
        Map<UUID, UUID> visitChanges = new LinkedHashMap<>();
        Map<UUID, UUID> reviewChanges = new LinkedHashMap<>();
        Map<UUID, UUID> dealChanges = new LinkedHashMap<>();
        for (Change change : page) {
            Map<UUID, UUID> target = switch (change.type()) {
                case ChangeLog.CUSTOMER -> customerChanges;
                case ChangeLog.CONTACT -> contactChanges;
                case ChangeLog.VISIT -> visitChanges;
                case ChangeLog.REVIEW -> reviewChanges;
                case ChangeLog.DEAL -> dealChanges;
                default -> null; // record types this feed does not serve are passed over
            };
            if (target != null) {
                target.putIfAbsent(change.id(), change.customerId());
            }
        }

        Map<UUID, CustomerResponse> visibleCustomers = new HashMap<>();
        for (CustomerResponse customer : feed.customers(visibility, customerChanges.keySet())) {
            visibleCustomers.put(customer.id(), customer);
        }
        Map<UUID, CustomerFeed.ContactState> visibleContacts = new HashMap<>();
        for (CustomerFeed.ContactState state : feed.contacts(visibility, contactChanges.keySet())) {
            visibleContacts.put(state.contact().id(), state);
        }
        Map<UUID, VisitFeed.VisitState> visibleVisits = new HashMap<>();
        for (VisitFeed.VisitState state : visitFeed.visits(visibility, visitChanges.keySet())) {
            visibleVisits.put(state.visit().id(), state);
        }
        Map<UUID, VisitFeed.ReviewState> visibleReviews = new HashMap<>();
        for (VisitFeed.ReviewState state : visitFeed.reviews(visibility, reviewChanges.keySet())) {
            visibleReviews.put(state.review().id(), state);
        }

        Map<UUID, DealFeed.DealState> visibleDeals = new HashMap<>();
        for (DealFeed.DealState state : dealFeed.deals(visibility, dealChanges.keySet())) {
            visibleDeals.put(state.deal().id(), state);
        }

        // Records out of view: which of their customers did the caller see at some point since the cursor?
        Set<UUID> outOfView = new HashSet<>();
        customerChanges.keySet().stream().filter(id -> !visibleCustomers.containsKey(id)).forEach(outOfView::add);
        collectOutOfView(contactChanges, visibleContacts.keySet(), outOfView);
        collectOutOfView(visitChanges, visibleVisits.keySet(), outOfView);
        collectOutOfView(reviewChanges, visibleReviews.keySet(), outOfView);
        collectOutOfView(dealChanges, visibleDeals.keySet(), outOfView);
        Set<UUID> leftView = leftView(visibility, outOfView, after);

        List<Removed> removed = new ArrayList<>();
        List<CustomerResponse> customers = new ArrayList<>();
        for (Map.Entry<UUID, UUID> entry : customerChanges.entrySet()) {
            CustomerResponse customer = visibleCustomers.get(entry.getKey());
            if (customer != null && !customer.archived()) {
                customers.add(customer);
            } else if (customer != null || leftView.contains(entry.getKey())) {
                removed.add(new Removed(ChangeLog.CUSTOMER, entry.getKey()));
            }
        }
        List<ContactResponse> contacts = new ArrayList<>();
        for (Map.Entry<UUID, UUID> entry : contactChanges.entrySet()) {
            CustomerFeed.ContactState state = visibleContacts.get(entry.getKey());
            if (state != null && !state.contact().archived() && !state.customerArchived()) {
                contacts.add(state.contact());
            } else if (state != null || leftView.contains(entry.getValue())) {
                removed.add(new Removed(ChangeLog.CONTACT, entry.getKey()));
            }
        }
        List<VisitResponse> visits = new ArrayList<>();
        for (Map.Entry<UUID, UUID> entry : visitChanges.entrySet()) {
            VisitFeed.VisitState state = visibleVisits.get(entry.getKey());
            if (state != null && !state.customerArchived()) {
                visits.add(state.visit());
            } else if (state != null || leftView.contains(entry.getValue())) {
                removed.add(new Removed(ChangeLog.VISIT, entry.getKey()));
            }
        }
        List<ReviewResponse> reviews = new ArrayList<>();
        for (Map.Entry<UUID, UUID> entry : reviewChanges.entrySet()) {
            VisitFeed.ReviewState state = visibleReviews.get(entry.getKey());
            if (state != null && !state.customerArchived()) {
                reviews.add(state.review());
            } else if (state != null || leftView.contains(entry.getValue())) {
                removed.add(new Removed(ChangeLog.REVIEW, entry.getKey()));
            }
        }
        List<DealResponse> deals = new ArrayList<>();
        for (Map.Entry<UUID, UUID> entry : dealChanges.entrySet()) {
            DealFeed.DealState state = visibleDeals.get(entry.getKey());
            if (state != null && !state.customerArchived()) {
                deals.add(state.deal());
            } else if (state != null || leftView.contains(entry.getValue())) {
                removed.add(new Removed(ChangeLog.DEAL, entry.getKey()));
            }
        }
        return new SyncChanges(customers, contacts, visits, reviews, deals, removed, next.encode(caller.login()), more);
    }

    private static void collectOutOfView(Map<UUID, UUID> changes, Set<UUID> visible, Set<UUID> customers) {
        changes.forEach((id, customerId) -> {
            if (!visible.contains(id)) {
                customers.add(customerId);
            }
        });
    }

    private List<Change> read(FeedCursor after, Visibility visibility, int limit) {
        Query query = em.createNativeQuery(CHANGES + (visibility.seesEverything() ? "" : RELEVANT) + ORDER)
                .setParameter("txid", Long.toString(after.txid()))
                .setParameter("seq", after.seq())
                .setParameter("limit", limit);
        if (!visibility.seesEverything()) {
            query.setParameter("visibleOwners", visibility.ownerKeysSqlArray());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<Change> changes = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            changes.add(new Change(Long.parseLong((String) row[0]), ((Number) row[1]).longValue(), (String) row[2],
                    (UUID) row[3], (UUID) row[4]));
        }
        return changes;
    }

    private Set<UUID> leftView(Visibility visibility, Collection<UUID> customerIds, FeedCursor after) {
        if (customerIds.isEmpty() || visibility.seesEverything()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> rows = em.createNativeQuery(LEFT_VIEW)
                .setParameter("ids", UuidArrays.literal(customerIds))
                .setParameter("txid", Long.toString(after.txid()))
                .setParameter("visibleOwners", visibility.ownerKeysSqlArray())
                .getResultList();
        return new HashSet<>(rows);
    }
}
