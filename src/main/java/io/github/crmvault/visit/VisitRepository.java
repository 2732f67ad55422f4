package io.github.crmvault.visit;

import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.UuidArrays;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.visit.VisitDtos.QueueItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Visit reads. Visits have no visibility of their own: every read goes through the customer, with
 * the one rule of {@link Visibility} on the customer's owner key.
 */
@ApplicationScoped
class VisitRepository {
    @Inject
    EntityManager em;
    @Inject
    CustomerAccess customers;

    /** The visit if the caller may see its customer; otherwise 404, as if it did not exist. */
    Visit findVisible(UUID id) {
        Visit visit = em.find(Visit.class, id);
        if (visit == null || customers.findVisible(visit.customerId).isEmpty()) {
            throw ProblemException.notFound("Visit " + id);
        }
        return visit;
    }

    /** A customer's visits, newest first (the caller was checked against the customer). */
    List<Visit> ofCustomer(UUID customerId, Cursor after, int limit) {
        String keyset = after == null ? "" : " AND (v.visitedAt < :at OR (v.visitedAt = :at AND v.id < :id))";
        TypedQuery<Visit> query = em.createQuery("FROM Visit v WHERE v.customerId = :customer" + keyset
                + " ORDER BY v.visitedAt DESC, v.id DESC", Visit.class)
                .setParameter("customer", customerId)
                .setMaxResults(limit);
        if (after != null) {
            query.setParameter("at", after.at()).setParameter("id", after.id());
        }
        return query.getResultList();
    }

    /** The caller's own visits in [start, end), newest first, of customers they can still see. */
    List<Visit> ofAuthor(Caller caller, Instant start, Instant end, Cursor after, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder hql = new StringBuilder("SELECT v FROM Visit v JOIN Customer c ON c.id = v.customerId"
                + " WHERE v.authorId = :author");
        params.put("author", caller.userId());
        visibleOnly(caller, hql, params);
        if (start != null) {
            hql.append(" AND v.visitedAt >= :start");
            params.put("start", start);
        }
        if (end != null) {
            hql.append(" AND v.visitedAt < :end");
            params.put("end", end);
        }
        if (after != null) {
            hql.append(" AND (v.visitedAt < :at OR (v.visitedAt = :at AND v.id < :id))");
            params.put("at", after.at());
            params.put("id", after.id());
        }
        hql.append(" ORDER BY v.visitedAt DESC, v.id DESC");
        TypedQuery<Visit> query = em.createQuery(hql.toString(), Visit.class).setMaxResults(limit);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /**
     * Visits of customers the caller can see whose notes contain every term, in [start, end), newest
     * first. The bigram index finds a term's notes but not in date order, so a frequent term would
     * fetch and sort a large share of all visits for one page. Instead:
     * <ol>
     * <li>walk the newest {@link #WALK} visits testing each note: enough for a frequent term, and a
     * measure of how often the term occurs per unit of time otherwise;</li>
     * <li>ask the index for slices of time, newest first, each older than the last: the first should
     * hold two pages at that rate (the date bound is a bitmap of visit_visited_idx ANDed with the bigram
     * index's before any row is read), the next ones twice what the rest of the page needs at the rate
     * found so far; then the rest of the range. A slice's rows are sorted before their customers are
     * read, so only as many customers are read as the page still needs.</li>
     * </ol>
     * Custom plans throughout: whether a slice's bitmap beats a filter depends on its width and
     * the term, which a generic plan of the prepared statement cannot know.
     */
    @Transactional
    List<Visit> search(Caller caller, NoteSearch search, Instant start, Instant end, Cursor after, int limit) {
        // The settings in one round trip, for this transaction only (SET LOCAL). A frequent bigram's bitmap
        // outgrows the default 4 MB of work_mem and turns lossy: every row on a lossy page is then rechecked
        // by recomputing note_bigrams(notes), ten times slower on the bench. No parallel workers: a slice reads
        // a few thousand pages, and starting a worker took 100 ms of a 150 ms slice on a busy bench machine.
        em.createNativeQuery("SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
                + " set_config('work_mem', '" + SEARCH_WORK_MEM + "', true),"
                + " set_config('max_parallel_workers_per_gather', '0', true)").getSingleResult();
        Map<String, Object> rangeParams = new HashMap<>();
        StringBuilder range = new StringBuilder();
        if (start != null) {
            range.append(" AND v.visited_at >= :start");
            rangeParams.put("start", start);
        }
        if (end != null) {
            range.append(" AND v.visited_at < :end");
            rangeParams.put("end", end);
        }
        if (after != null) {
            range.append(" AND (v.visited_at, v.id) < (:afterAt, :afterId)");
            rangeParams.put("afterAt", after.at());
            rangeParams.put("afterId", after.id());
        }
        Map<String, Object> params = new HashMap<>(rangeParams);
        StringBuilder match = new StringBuilder();
        StringBuilder bigrams = new StringBuilder();
        for (int i = 0; i < search.terms().size(); i++) {
            // strpos, not LIKE: the term is matched literally, % and _ included, with nothing to escape.
            match.append(" AND ").append(search.matches(i, "v.notes", ":term" + i));
            bigrams.append(i == 0 ? "" : " || ").append("note_bigrams(:term").append(i).append(')');
            params.put("term" + i, search.terms().get(i));
        }
        // The customer is read only for a note that matched. Who sees everything needs no customer at all:
        // visit.customer_id is a non-null foreign key, so the join could not drop a row.
        boolean everything = caller.visibility().seesEverything();
        String visible = everything ? "" : " JOIN customer c ON c.id = v.customer_id AND " + Visibility.SQL_PREDICATE;
        if (!everything) {
            params.put("visibleOwners", caller.visibility().ownerKeysSqlArray());
        }
        String newest = "SELECT v.* FROM visit v WHERE true" + range + " ORDER BY v.visited_at DESC, v.id DESC";
        String order = " ORDER BY v.visited_at DESC, v.id DESC LIMIT :limit";
        // The newest n visits in range, tested one by one: the matches among them, newest first.
        LongFunction<String> walkedMatches = n -> "SELECT v.* FROM (" + newest + " LIMIT " + n + ") v" + visible
                + " WHERE true" + match + order;
        params.put("limit", limit);
        List<Visit> rows = visits(walkedMatches.apply(WALK), params);
        if (rows.size() >= limit) {
            return rows;
        }
        long longWalk = rows.isEmpty() ? Long.MAX_VALUE : (long) WALK * 3 / 2 * limit / rows.size();
        if (longWalk <= LONG_WALK) {
            // A frequent term that just missed a page (48 of 50 in the newest 1,000): a longer walk is
            // cheaper than collecting the term's hundreds of thousands of index entries.
            List<Visit> more = visits(walkedMatches.apply(longWalk), params);
            if (more.size() >= limit) {
                return more;
            }
        }
        jakarta.persistence.Query edgeQuery = em.createNativeQuery("SELECT v.visited_at FROM (" + newest
                + " OFFSET " + (WALK - 1) + " LIMIT 1) v");
        rangeParams.forEach(edgeQuery::setParameter);
        List<?> edge = edgeQuery.getResultList();
        if (edge.isEmpty()) {
            // The walk read every visit in range.
            return rows;
        }
        Instant anchor = after != null ? after.at() : end != null ? end : Instant.now();
        long walked = Math.max(1, ChronoUnit.MICROS.between(instant(edge.get(0)), anchor));
        // For a constant, the planner multiplies the bigrams' frequencies as if independent and estimates one
        // row for a term such as 纷享销客 (29,947 notes of 5M): it then skips ANDing the slice's visit_visited_idx
        // bitmap and reads the heap page of every candidate of all time (15,000 for Salesforce, where the slice
        // held 777). In a subquery the bigrams get a default estimate, with which a slice's bitmap applies.
        String sliced = "SELECT " + bigrams;
        String conditions = range.toString() + match;
        List<Visit> found = new ArrayList<>();
        double span = walked * 2.0 * limit / Math.max(rows.size(), 0.5);
        long covered = 0;
        Instant upper = null;
        boolean bounded = false;
        for (int i = 0; i < SLICES && covered + span < Long.MAX_VALUE / 4; i++) {
            Instant from = anchor.minus(covered + (long) span, ChronoUnit.MICROS);
            if (start != null && !from.isAfter(start) || from.isBefore(EARLIEST_WINDOW)) {
                // The rest of the range is no longer than the slice would have been.
                bounded = start != null;
                break;
            }
            found.addAll(slice(sliced, conditions, visible, from, upper, limit - found.size(), params));
            if (found.size() >= limit) {
                return found;
            }
            covered += (long) span;
            upper = from;
            // The next slice: twice the time the rest of the page takes at the rate found so far (eight times
            // the last slice while none was found). One that would span more than MAX_SLICE visits (at the walk's
            // visits per microsecond) means a term so rare that the index alone has fewer candidates of all time.
            span = found.isEmpty() ? span * 8 : covered * 2.0 * (limit - found.size()) / found.size();
            if (span * WALK / walked > MAX_SLICE) {
                break;
            }
        }
        // The rest of the range: from the index alone (a rare term's candidates of all time), unless the range's
        // start bounds it to less than a slice, whose visit_visited_idx bitmap then applies.
        found.addAll(slice(bounded ? sliced : bigrams.toString(), conditions, visible, null, upper,
                limit - found.size(), params));
        return found;
    }

    /**
     * The matches in [from, to) (either bound may be open), newest first, at most {@code need}: sorted
     * before the join to the customer (OFFSET 0 keeps them apart), so that the customers are read newest
     * first only until the page is full. Without the fence and with the LIMIT, the planner walked
     * visit_visited_idx newest first computing each note's bigrams.
     */
    private List<Visit> slice(String bigrams, String conditions, String visible, Instant from, Instant to, int need,
            Map<String, Object> params) {
        Map<String, Object> bound = new HashMap<>(params);
        StringBuilder sql = new StringBuilder("SELECT v.* FROM (SELECT v.* FROM visit v WHERE note_bigrams(v.notes) @> (")
                .append(bigrams).append(')').append(conditions);
        if (from != null) {
            sql.append(" AND v.visited_at >= :sliceFrom");
            bound.put("sliceFrom", from);
        }
        if (to != null) {
            sql.append(" AND v.visited_at < :sliceTo");
            bound.put("sliceTo", to);
        }
        sql.append(" ORDER BY v.visited_at DESC, v.id DESC OFFSET 0) v").append(visible)
                .append(" ORDER BY v.visited_at DESC, v.id DESC LIMIT :limit");
        bound.put("limit", need);
        return visits(sql.toString(), bound);
    }

    /** Enough for exact bitmaps of a few million candidate visits; one search at a time per connection. */
    private static final String SEARCH_WORK_MEM = "64MB";
    /** Visits the newest-first walk of {@link #search} tests before it turns to the bigram index. */
    static final int WALK = 1000;
    /** A window reaching further back is no window (and beyond PostgreSQL's timestamps): ask without one. */
    private static final Instant EARLIEST_WINDOW = Instant.parse("0001-01-01T00:00:00Z");
    /** The longest newest-first walk tried when the first one found some hits, but too few. */
    static final int LONG_WALK = 10_000;
    /** How many slices of time {@link #search} asks the index for before it asks for the rest of the range. */
    private static final int SLICES = 3;
    /**
     * The most visits a slice after the first may span (its visit_visited_idx bitmap reads ~7 index pages per
     * 1,000): a term rarer than that asks the index alone for the rest (励销云: 1,037 notes of 5M visits).
     */
    private static final long MAX_SLICE = 300_000;

    @SuppressWarnings("unchecked")
    private List<Visit> visits(String sql, Map<String, Object> params) {
        jakarta.persistence.Query query = em.createNativeQuery(sql, Visit.class);
        params.forEach(query::setParameter);
        return query.getResultList();
    }

    /**
     * The visit's customer, looked up per visit: a LIMIT keeps PostgreSQL from flattening it into a join.
     * Once the driver prepares the queue's statement, the generic plan cannot see how many of an author's
     * visits the caller may see; as a join it hashed the caller's whole visible slice of customers for
     * every author (9 s instead of 20 ms at 1M customers in the bench), where the page needs ~50 lookups.
     */
    private static final String CUSTOMER_PER_VISIT =
            "CROSS JOIN LATERAL (SELECT c.owner_key FROM customer c WHERE c.id = v.customer_id LIMIT 1) c";

    /**
     * Unreviewed visits, oldest first: of the given authors (null: any author, for admins), of
     * customers the caller can see, optionally of one author and within [start, end).
     */
    List<QueueItem> queue(Caller caller, List<UUID> authors, UUID author, Instant start, Instant end, Cursor after,
            int limit) {
        List<UUID> scope = authors;
        if (author != null) {
            if (authors != null && !authors.contains(author)) {
                return List.of();
            }
            scope = List.of(author);
        }
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" WHERE v.review_count = 0");
        if (!caller.visibility().seesEverything()) {
            where.append(" AND ").append(Visibility.SQL_PREDICATE);
            params.put("visibleOwners", caller.visibility().ownerKeysSqlArray());
        }
        if (start != null) {
            where.append(" AND v.visited_at >= :start AND v.visited_at < :end");
            params.put("start", start);
            params.put("end", end);
        }
        if (after != null) {
            where.append(" AND (v.visited_at, v.id) > (:afterAt, :afterId)");
            params.put("afterAt", after.at());
            params.put("afterId", after.id());
        }
        params.put("limit", limit);
        String order = " ORDER BY v.visited_at, v.id LIMIT :limit";
        String source;
        if (scope == null) {
            source = "(SELECT v.* FROM visit v " + CUSTOMER_PER_VISIT + where + order + ")";
        } else {
            // Each author's slice of the queue index, oldest first, merged: a page costs limit rows per
            // author instead of sorting everything the team has not had reviewed.
            params.put("authors", UuidArrays.literal(scope));
            source = "(SELECT q.* FROM unnest(CAST(:authors AS uuid[])) AS a(author_id) CROSS JOIN LATERAL"
                    + " (SELECT v.* FROM visit v " + CUSTOMER_PER_VISIT + where
                    + " AND v.author_id = a.author_id" + order + ") q)";
        }
        String sql = "SELECT v.id, v.author_id, u.display_name, v.customer_id, c.name, v.visited_at, v.note_length,"
                + " v.quality_score, v.effective FROM " + source + " v JOIN customer c ON c.id = v.customer_id"
                + " JOIN app_user u ON u.id = v.author_id" + order;
        jakarta.persistence.Query query = em.createNativeQuery(sql);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new QueueItem((UUID) r[0], (UUID) r[1], (String) r[2], (UUID) r[3],
                (String) r[4], instant(r[5]), ((Number) r[6]).intValue(), ((Number) r[7]).intValue(), (Boolean) r[8]))
                .toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private static void visibleOnly(Caller caller, StringBuilder hql, Map<String, Object> params) {
        if (!caller.visibility().seesEverything()) {
            hql.append(" AND ").append(Visibility.HQL_PREDICATE);
            params.put("visibleOwners", caller.visibility().ownerKeys());
        }
    }
}
