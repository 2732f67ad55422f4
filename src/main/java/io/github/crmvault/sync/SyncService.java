package io.github.crmvault.sync;

import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.paging.PageRequest;
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
import java.util.function.Predicate;

/**
 * The change feed. It reads the change log in (txid, seq) order, only rows of transactions that
 * ended before every transaction still running began (txid below the current snapshot's xmin): no
 * row can ever appear behind a cursor afterwards, so nothing is missed. Each page is compacted: a
 * record appears once, in its current state, loaded in one query per type through the customer
 * package's {@link CustomerFeed} under the caller's visibility.
 *
 * <p>A record the caller cannot see now is reported as removed only when the caller could have seen
 * it: its customer left the caller's view (an owner change away from an owner the caller saw then, or,
 * for a manager, the owner leaving the manager's subtrees) after the cursor and no earlier than the
 * record's first row on the page, that is while the record existed (every such move writes a row for
 * every record under the customer). Otherwise it does not appear at all, not even its id. Which owners
 * a manager saw at a past position comes from managed_owner_change; a change of the caller's roles
 * replaces the whole view and is refused by {@link FeedCursor#decode}.
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
    /** The owners that entered or left the manager's subtrees since the cursor's transaction. */
    private static final String MANAGED_SINCE = "SELECT e.owner_id FROM managed_owner_change e"
            + " WHERE e.manager_id = :manager AND e.txid >= CAST(:txid AS xid8)";
    /** Did the manager see the owner key {@code %1$s} just before transaction {@code %2$s}? */
    private static final String MANAGED_AT = "COALESCE((SELECT NOT e.entered FROM managed_owner_change e"
            + " WHERE e.manager_id = :manager AND e.owner_id = %1$s AND e.txid >= %2$s ORDER BY e.txid, e.seq LIMIT 1),"
            + " EXISTS (SELECT 1 FROM managed_owner m WHERE m.manager_id = :manager AND m.owner_id = %1$s))";
    /** Per customer, the transaction of its last owner change since the cursor away from an owner the caller saw then. */
    private static final String LAST_OWNER_LEFT = "(SELECT max(CAST(CAST(o.txid AS text) AS bigint)) FROM customer_owner_change o"
            + " WHERE o.customer_id = k.id AND o.txid >= CAST(:txid AS xid8)"
            + " AND (o.old_owner_key = ANY(CAST(:ownOwners AS uuid[]))%s))";
    /** Per customer, the transaction of the last move since the cursor of its then owner out of the manager's subtrees. */
    private static final String LAST_TEAM_LEFT = "(SELECT max(CAST(CAST(e.txid AS text) AS bigint)) FROM managed_owner_change e"
            + " WHERE e.manager_id = :manager AND NOT e.entered AND e.txid >= CAST(:txid AS xid8)"
            + " AND e.owner_id = (SELECT p.new_owner_key FROM customer_owner_change p"
            + " WHERE p.customer_id = k.id AND p.txid < e.txid ORDER BY p.txid DESC, p.seq DESC LIMIT 1))";

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

    /**
     * Whose records the caller sees: now ({@code visibility}), and at any past position their own and
     * the pool's plus, for a manager ({@code manager} not null), the owners in their subtrees then.
     */
    private record Viewer(Visibility visibility, List<UUID> ownOwners, UUID manager) {
        static Viewer of(Caller caller, FeedCursor.View view) {
            if (view == FeedCursor.View.EVERYTHING) {
                return new Viewer(caller.visibility(), List.of(), null);
            }
            return new Viewer(caller.visibility(), List.of(Visibility.POOL, caller.userId()),
                    view == FeedCursor.View.MANAGER ? caller.userId() : null);
        }

        /** An SQL condition: the owner key column was in a manager's subtrees at some point since the cursor. */
        String managedSince(String ownerKey) {
            return manager == null ? "" : " OR " + ownerKey + " IN (" + MANAGED_SINCE + ")";
        }

        void bind(Query query) {
            if (manager != null) {
                query.setParameter("manager", manager);
            }
        }
    }

    SyncChanges changes(String cursorText, String limitText) {
        int limit = PageRequest.parseLimit(limitText, DEFAULT_LIMIT, MAX_LIMIT);
        Caller caller = callers.current();
        FeedCursor.View view = FeedCursor.View.of(caller);
        FeedCursor after = FeedCursor.decode(cursorText, caller.login(), view, caller.isLeaving());
        Viewer viewer = Viewer.of(caller, view);
        Visibility visibility = viewer.visibility();

        List<Change> rows = read(after, viewer, limit + 1);
        boolean more = rows.size() > limit;
        List<Change> page = more ? rows.subList(0, limit) : rows;
        FeedCursor next = page.isEmpty() ? after
                : new FeedCursor(page.get(page.size() - 1).txid(), page.get(page.size() - 1).seq());

        // Compaction: each record once, in order of first appearance, with its first row on the page.
        Map<UUID, Change> customerChanges = new LinkedHashMap<>();
        Map<UUID, Change> contactChanges = new LinkedHashMap<>();
        Map<UUID, Change> visitChanges = new LinkedHashMap<>();
        Map<UUID, Change> reviewChanges = new LinkedHashMap<>();
        Map<UUID, Change> dealChanges = new LinkedHashMap<>();
        for (Change change : page) {
            Map<UUID, Change> target = switch (change.type()) {
                case ChangeLog.CUSTOMER -> customerChanges;
                case ChangeLog.CONTACT -> contactChanges;
                case ChangeLog.VISIT -> visitChanges;
                case ChangeLog.REVIEW -> reviewChanges;
                case ChangeLog.DEAL -> dealChanges;
                default -> null; // record types this feed does not serve are passed over
            };
            if (target != null) {
                target.putIfAbsent(change.id(), change);
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

        // Records out of view: when did their customers last leave the caller's view since the cursor?
        Set<UUID> outOfView = new HashSet<>();
        collectOutOfView(customerChanges, visibleCustomers.keySet(), outOfView);
        collectOutOfView(contactChanges, visibleContacts.keySet(), outOfView);
        collectOutOfView(visitChanges, visibleVisits.keySet(), outOfView);
        collectOutOfView(reviewChanges, visibleReviews.keySet(), outOfView);
        collectOutOfView(dealChanges, visibleDeals.keySet(), outOfView);
        Map<UUID, Long> leftView = leftView(viewer, outOfView, after);
        // Seen, then lost: the customer left the view no earlier than the record's first row here, so the record existed then.
        Predicate<Change> lost = first -> {
            Long left = leftView.get(first.customerId());
            return left != null && left >= first.txid();
        };

        List<Removed> removed = new ArrayList<>();
        List<CustomerResponse> customers = new ArrayList<>();
        for (Change first : customerChanges.values()) {
            CustomerResponse customer = visibleCustomers.get(first.id());
            if (customer != null && !customer.archived()) {
                customers.add(customer);
            } else if (customer != null || lost.test(first)) {
                removed.add(new Removed(ChangeLog.CUSTOMER, first.id()));
            }
        }
        List<ContactResponse> contacts = new ArrayList<>();
        for (Change first : contactChanges.values()) {
            CustomerFeed.ContactState state = visibleContacts.get(first.id());
            if (state != null && !state.contact().archived() && !state.customerArchived()) {
                contacts.add(state.contact());
            } else if (state != null || lost.test(first)) {
                removed.add(new Removed(ChangeLog.CONTACT, first.id()));
            }
        }
        List<VisitResponse> visits = new ArrayList<>();
        for (Change first : visitChanges.values()) {
            VisitFeed.VisitState state = visibleVisits.get(first.id());
            if (state != null && !state.customerArchived()) {
                visits.add(state.visit());
            } else if (state != null || lost.test(first)) {
                removed.add(new Removed(ChangeLog.VISIT, first.id()));
            }
        }
        List<ReviewResponse> reviews = new ArrayList<>();
        for (Change first : reviewChanges.values()) {
            VisitFeed.ReviewState state = visibleReviews.get(first.id());
            if (state != null && !state.customerArchived()) {
                reviews.add(state.review());
            } else if (state != null || lost.test(first)) {
                removed.add(new Removed(ChangeLog.REVIEW, first.id()));
            }
        }
        List<DealResponse> deals = new ArrayList<>();
        for (Change first : dealChanges.values()) {
            DealFeed.DealState state = visibleDeals.get(first.id());
            if (state != null && !state.customerArchived()) {
                deals.add(state.deal());
            } else if (state != null || lost.test(first)) {
                removed.add(new Removed(ChangeLog.DEAL, first.id()));
            }
        }
        return new SyncChanges(customers, contacts, visits, reviews, deals, removed,
                next.encode(caller.login(), view, caller.isLeaving()), more);
    }

    private static void collectOutOfView(Map<UUID, Change> changes, Set<UUID> visible, Set<UUID> customers) {
        changes.forEach((id, first) -> {
            if (!visible.contains(id)) {
                customers.add(first.customerId());
            }
        });
    }

    private List<Change> read(FeedCursor after, Viewer viewer, int limit) {
        Visibility visibility = viewer.visibility();
        // For callers with a limited view, rows of customers they can neither see now nor could have
        // seen since the cursor are skipped in the query already, so that pages stay full. (The final
        // decision is made on the loaded records; this only narrows.)
        String relevant = visibility.seesEverything() ? ""
                : " AND (EXISTS (SELECT 1 FROM customer c WHERE c.id = s.customer_id AND (" + Visibility.SQL_PREDICATE
                        + viewer.managedSince("c.owner_key") + "))"
                        + " OR EXISTS (SELECT 1 FROM customer_owner_change o WHERE o.customer_id = s.customer_id"
                        + " AND o.txid >= CAST(:txid AS xid8) AND (o.old_owner_key = ANY(CAST(:visibleOwners AS uuid[]))"
                        + viewer.managedSince("o.old_owner_key") + ")))";
        Query query = em.createNativeQuery(CHANGES + relevant + ORDER)
                .setParameter("txid", Long.toString(after.txid()))
                .setParameter("seq", after.seq())
                .setParameter("limit", limit);
        if (!visibility.seesEverything()) {
            query.setParameter("visibleOwners", visibility.ownerKeysSqlArray());
            viewer.bind(query);
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

    /**
     * Of the given customers, those that left the caller's view since the cursor's transaction, each
     * with the transaction of the last time it did: an owner change away from an owner the caller saw
     * just before it, or (for a manager) its owner then leaving the manager's subtrees.
     */
    private Map<UUID, Long> leftView(Viewer viewer, Collection<UUID> customerIds, FeedCursor after) {
        if (customerIds.isEmpty() || viewer.visibility().seesEverything()) {
            return Map.of();
        }
        String ownerLeft = String.format(LAST_OWNER_LEFT, viewer.manager() == null ? ""
                : " OR " + String.format(MANAGED_AT, "o.old_owner_key", "o.txid"));
        String sql = "SELECT k.id, GREATEST(" + ownerLeft + (viewer.manager() == null ? "" : ", " + LAST_TEAM_LEFT)
                + ") FROM unnest(CAST(:ids AS uuid[])) AS k(id)";
        Query query = em.createNativeQuery(sql)
                .setParameter("ids", customerIds.toArray(UUID[]::new))
                .setParameter("txid", Long.toString(after.txid()))
                // Typed uuid[]: a text literal would be parsed again for every owner change the ANY tests.
                .setParameter("ownOwners", viewer.ownOwners().toArray(UUID[]::new));
        viewer.bind(query);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        Map<UUID, Long> left = new HashMap<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                left.put((UUID) row[0], ((Number) row[1]).longValue());
            }
        }
        return left;
    }
}
