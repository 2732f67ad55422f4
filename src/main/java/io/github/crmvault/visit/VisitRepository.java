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
     * <li>walk the newest {@link #WALK} visits testing each note, and go on walking from where it stopped
     * while the rest of the page should come within {@link #LONG_WALK} visits at the rate found so far:
     * enough for a frequent term, and a measure of how often the term occurs per unit of time otherwise;</li>
     * <li>below the walk, ask the index for slices of time, newest first, each older than the last, each twice
     * what the rest of the page needs at the rate found so far (the date bound is a bitmap of visit_visited_idx
     * ANDed with the bigram index's before any row is read); then the rest of the range. A slice's rows are
     * sorted before their customers are read, so only as many customers are read as the page still needs.</li>
     * </ol>
     * No visit is read twice: each step starts below the last. Custom plans throughout: whether a slice's
     * bitmap beats a filter depends on its width and the term, which a generic plan of the prepared
     * statement cannot know.
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
        Map<String, Object> params = new HashMap<>();
        StringBuilder range = new StringBuilder();
        if (start != null) {
            range.append(" AND v.visited_at >= :start");
            params.put("start", start);
        }
        if (end != null) {
            range.append(" AND v.visited_at < :end");
            params.put("end", end);
        }
        range.append(below("after", after, params));
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
        // In the walk, a test of the visit that the note's test guards. The LIMIT keeps PostgreSQL from hashing the
        // caller's visible customers for it (240,000 for a manager), as it does when it expects a probe per visit
        // walked rather than per matching note.
        String visibleVisit = everything ? "" : " AND EXISTS (SELECT 1 FROM (SELECT c.owner_key FROM customer c"
                + " WHERE c.id = v.customer_id LIMIT 1) c WHERE " + Visibility.SQL_PREDICATE + ")";
        if (!everything) {
            params.put("visibleOwners", caller.visibility().ownerKeysSqlArray());
        }
        List<Visit> found = new ArrayList<>();
        // The oldest visit walked so far, how many were walked, and the newest visit in range.
        Cursor edge = null;
        long walked = 0;
        long segment = WALK;
        long longWalk = search.allAsWritten() ? LONG_WALK_AS_WRITTEN : LONG_WALK;
        Instant newest = null;
        // Whether the walk began in a burst (null: not asked yet), and how far it may walk through one.
        Boolean inBurst = null;
        long throughBurst = 0;
        while (true) {
            Walked walk = walk(range, match, visibleVisit, edge, segment, limit - found.size(), params);
            found.addAll(walk.hits());
            if (found.size() >= limit || walk.last() == null) {
                // A full page, or the walk read every visit in range.
                return found;
            }
            if (newest == null) {
                newest = walk.newest();
            }
            edge = walk.last();
            walked += segment;
            if (found.size() < 2 || throughBurst > 0) {
                // Too few hits for a rate. Below a burst of visits written without the term, a term in a tenth of the
                // notes or more costs any slice a tenth of the index's entries, while walking on reaches its notes below
                // the burst: the walk goes on, doubling, while that costs less than the term's index entries would.
                if (inBurst == null) {
                    inBurst = burst(perMicro(walked, edge, newest), newest);
                    throughBurst = inBurst ? throughBurst(bigrams, params) : 0;
                }
                if (walked >= throughBurst) {
                    break;
                }
                segment = Math.min(walked, throughBurst - walked);
                continue;
            }
            // A frequent term that missed the page (7 of 51 in the newest 1,000): walking on is cheaper than
            // collecting the term's hundreds of thousands of index entries. The rate is taken as one hit fewer
            // than found: a rarer term, whose index entries cost less than the walk, is seldom walked for long.
            segment = (long) Math.ceil(walked * WALK_MARGIN * (limit - found.size()) / (found.size() - 1));
            if (walked + segment > longWalk) {
                break;
            }
        }
        // The slices below the walk are measured in visits. The walk's visits per microsecond turn a number of visits
        // into a time, unless the walk ran through a burst of visits written far faster than the range's usual rate
        // (a bulk import, a day's records synced at once): at the burst's rate a slice of 200,000 visits would span a
        // few hundred, and the rest of the range would fall to the index alone (every note with the term, sorted).
        // Then each slice's lower bound is read from visit_visited_idx by position below the last one.
        double perMicro = perMicro(walked, edge, newest);
        boolean byPosition = inBurst != null ? inBurst : burst(perMicro, newest);
        Map<String, Object> rangeParams = new HashMap<>(params);
        rangeParams.keySet().removeIf(k -> k.startsWith("term") || k.equals("visibleOwners"));
        // For a constant, the planner multiplies the bigrams' frequencies as if independent and estimates one
        // row for a term such as 纷享销客 (29,947 notes of 5M): it then skips ANDing the slice's visit_visited_idx
        // bitmap and reads the heap page of every candidate of all time (15,000 for Salesforce, where the slice
        // held 777). In a subquery the bigrams get a default estimate, with which a slice's bitmap applies.
        String sliced = "SELECT " + bigrams;
        String conditions = range.toString() + match;
        // Visits covered from the newest down, the next slice's width in visits, and where the last slice ended
        // (null: at the walk's edge). The first slice: twice the visits the rest of the page takes at the walk's
        // rate, taken one hit low as above (one hit in the newest 1,000 said 1 in 1,000 of a term that is 1 in 4,000).
        double covered = walked;
        double span = covered * 2.0 * (limit - found.size()) / Math.max(found.size() - 1, 0.5);
        Instant lower = null;
        boolean bounded = false;
        for (int i = 0; i < SLICES; i++) {
            Instant from;
            if (byPosition) {
                // At most MAX_SLICE visits: the read costs as many index entries.
                span = Math.min(span, MAX_SLICE);
                from = positionBelow(range, rangeParams, lower, edge, (long) Math.ceil(span));
            } else {
                double micros = (covered + span) / perMicro;
                from = micros < Long.MAX_VALUE / 4 ? newest.minus((long) micros, ChronoUnit.MICROS) : null;
            }
            if (from == null || start != null && !from.isAfter(start) || from.isBefore(EARLIEST_WINDOW)) {
                // The rest of the range is no longer than the slice would have been (by position: null when it holds
                // fewer visits), so its visit_visited_idx bitmap applies.
                bounded = start != null || byPosition && from == null;
                break;
            }
            found.addAll(slice(sliced, conditions, visible, from, lower, edge, limit - found.size(), params));
            if (found.size() >= limit) {
                return found;
            }
            covered += span;
            lower = from;
            // The next slice: twice the visits the rest of the page takes at the rate found so far (eight times the
            // last slice while none was found). Outside a burst, one that would span more than MAX_SLICE visits means a
            // term so rare that the index alone has fewer candidates of all time. Below a burst an empty slice says
            // nothing of the term's rarity (the burst's visits may all lack it, and the bigram statistics keep only the
            // 1,000 commonest bigrams), so the slices go on at MAX_SLICE visits: each reads the term's index entries
            // once (~0.25 µs each), where the index alone reads every one of its notes' rows (~10 µs each: 华为's
            // 150,000 took 1.7 s below a burst of 300,000 visits, fourteenth round); a rare term pays a slice's bitmap.
            span = found.isEmpty() ? span * 8 : covered * 2.0 * (limit - found.size()) / found.size();
            if (span > MAX_SLICE) {
                if (!byPosition) {
                    break;
                }
                span = MAX_SLICE;
            }
        }
        // The rest of the range: from the index alone (a rare term's candidates of all time), unless the range's
        // start or the position read bounds it to less than a slice, whose visit_visited_idx bitmap then applies.
        found.addAll(slice(bounded ? sliced : bigrams.toString(), conditions, visible, null, lower, edge,
                limit - found.size(), params));
        return found;
    }

    /**
     * Whether the walk's visits per microsecond are over {@link #BURST} times the table's own rate (its visits,
     * as last counted by VACUUM or ANALYZE, over the time from its oldest visit to the walk's newest): then the
     * walk's rate would size the slices below it far too narrow. Also when the table was never counted.
     */
    private boolean burst(double perMicro, Instant newest) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT (SELECT c.reltuples FROM pg_class c WHERE c.oid ="
                + " CAST('visit' AS regclass)), (SELECT min(v.visited_at) FROM visit v)").getSingleResult();
        if (row[1] == null) {
            // No visit left since the walk read some (its statement had an earlier snapshot): by position, which
            // then finds none below and bounds the rest.
            return true;
        }
        double visits = ((Number) row[0]).doubleValue();
        long micros = ChronoUnit.MICROS.between(instant(row[1]), newest);
        return visits < 1 || micros <= 0 || perMicro > BURST * visits / micros;
    }

    /** The walk's visits per microsecond, from the newest visit down to its edge. */
    private static double perMicro(long walked, Cursor edge, Instant newest) {
        return (double) walked / Math.max(1, ChronoUnit.MICROS.between(edge.at(), newest));
    }

    /**
     * How far a walk that began in a burst may go on through it: for a term in {@link #FREQUENT} of the notes or
     * more by the bigram index's statistics (ANALYZE keeps the most common bigrams with their shares; a term is at
     * most as common as its rarest bigram), as many visits as {@link #WALK_PER_INDEX_ENTRY} of the index entries a
     * slice would read (at most {@link #MAX_SLICE}); else none. None without statistics, as for a rarer term.
     */
    private long throughBurst(CharSequence bigrams, Map<String, Object> params) {
        jakarta.persistence.Query query = em.createNativeQuery("SELECT min(coalesce(s.f[array_position(s.e, b)], 0)),"
                + " max(greatest(c.reltuples, 0)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL"
                + " (SELECT CAST(CAST(p.most_common_elems AS text) AS text[]) AS e, p.most_common_elem_freqs AS f"
                + " FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = 'visit_note_bigrams_idx') s"
                + " CROSS JOIN LATERAL unnest(" + bigrams + ") b WHERE c.oid = CAST('visit' AS regclass)");
        params.forEach((name, value) -> {
            if (name.startsWith("term")) {
                query.setParameter(name, value);
            }
        });
        Object[] row = (Object[]) query.getSingleResult();
        if (row[0] == null || ((Number) row[0]).doubleValue() < FREQUENT) {
            return 0;
        }
        double entries = ((Number) row[0]).doubleValue() * ((Number) row[1]).doubleValue();
        return (long) Math.min(MAX_SLICE, entries * WALK_PER_INDEX_ENTRY);
    }

    /**
     * The time of the {@code n}-th visit of the range below {@code to} (null: below the walk's {@code edge}),
     * newest first: an index-only read of n entries of visit_visited_idx. Null when the range holds fewer.
     */
    private Instant positionBelow(CharSequence range, Map<String, Object> rangeParams, Instant to, Cursor edge,
            long n) {
        Map<String, Object> bound = new HashMap<>(rangeParams);
        String below = to == null ? below("edge", edge, bound) : " AND v.visited_at < :sliceTo";
        if (to != null) {
            bound.put("sliceTo", to);
        }
        // Bound, not written into the text: a text per position would crowd other statements out of Hibernate's plan
        // cache and the driver's prepared statements (the plan is the same index-only scan either way).
        bound.put("skip", n - 1);
        jakarta.persistence.Query query = em.createNativeQuery("SELECT v.visited_at FROM visit v WHERE true" + range
                + below + NEWEST_FIRST + " OFFSET :skip LIMIT 1");
        bound.forEach(query::setParameter);
        List<?> rows = query.getResultList();
        return rows.isEmpty() ? null : instant(rows.get(0));
    }

    /** A segment's hits; its last visit's key unless it held the range's last visit; the newest visit walked. */
    private record Walked(List<Visit> hits, Cursor last, Instant newest) {
    }

    /**
     * The next {@code n} visits of the range below {@code above} (null: from the top), tested one by one
     * newest first: at most {@code need} hits (a note that matches, of a customer the caller can see: the
     * customer is read for a matching note only). The segment's last visit comes too, when the walk reaches
     * it, so that the next segment starts below it in the same order whatever was written in between; and
     * the newest visit's time, which measures the walk's visits per unit of time. The last visit is found
     * first by reading only the date index (n entries): numbering the walked visits with a window function
     * instead spooled every visit, note and all, and cost twice what reading and testing them does.
     */
    private Walked walk(CharSequence range, CharSequence match, String visible, Cursor above, long n, int need,
            Map<String, Object> params) {
        Map<String, Object> bound = new HashMap<>(params);
        String hit = "(true" + match + visible + ")";
        String segment = " FROM visit v WHERE true" + range + below("edge", above, bound) + NEWEST_FIRST;
        bound.put("limit", need + 1);
        jakarta.persistence.Query query = em.createNativeQuery("WITH walk_end AS MATERIALIZED (SELECT v.id" + segment
                + " OFFSET " + (n - 1) + " LIMIT 1) SELECT v.*, " + hit + " AS walk_hit,"
                + " v.id = (SELECT e.id FROM walk_end e) AS walk_last, (SELECT v.visited_at" + segment + " LIMIT 1)"
                + " AS walk_top FROM (SELECT v.*" + segment + " LIMIT " + n + ") v WHERE " + hit
                + " OR v.id = (SELECT e.id FROM walk_end e)" + NEWEST_FIRST + " LIMIT :limit", Visit.WALKED);
        bound.forEach(query::setParameter);
        List<Visit> hits = new ArrayList<>();
        Cursor last = null;
        Instant newest = null;
        for (Object result : query.getResultList()) {
            Object[] row = (Object[]) result;
            Visit visit = (Visit) row[0];
            if ((Boolean) row[1] && hits.size() < need) {
                hits.add(visit);
            }
            // Null when the range holds fewer than n visits below above.
            if (Boolean.TRUE.equals(row[2])) {
                last = new Cursor(visit.visitedAt, visit.id);
            }
            newest = instant(row[3]);
        }
        return new Walked(hits, last, newest);
    }

    /**
     * The condition that a visit comes after {@code key} newest first (none for null), its values put in
     * {@code bound} as {@code <name>At} and {@code <name>Id}.
     */
    private static String below(String name, Cursor key, Map<String, Object> bound) {
        if (key == null) {
            return "";
        }
        bound.put(name + "At", key.at());
        bound.put(name + "Id", key.id());
        // The comment keeps the statement's text apart from one that differs only in the bound's name (the walk below
        // the edge of one page, and the walk below the cursor of the next): Hibernate caches a native statement's plan
        // by its text with the parameters replaced by ?, and the plan of the other name then fails to bind.
        return " AND (v.visited_at, v.id) < (:" + name + "At, :" + name + "Id) /* " + name + " */";
    }

    private static final String NEWEST_FIRST = " ORDER BY v.visited_at DESC, v.id DESC";

    /**
     * The matches in [from, to) (either bound may be open; an open {@code to} is the walk's {@code edge}),
     * newest first, at most {@code need}: sorted before the join to the customer (OFFSET 0 keeps them
     * apart), so that the customers are read newest first only until the page is full. Without the fence
     * and with the LIMIT, the planner walked visit_visited_idx newest first computing each note's bigrams.
     * The edge bounds only a slice just below it: with both bounds, the b-tree scan of a slice further down
     * started at the edge's key.
     */
    private List<Visit> slice(String bigrams, String conditions, String visible, Instant from, Instant to, Cursor edge,
            int need, Map<String, Object> params) {
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
        } else {
            sql.append(below("edge", edge, bound));
        }
        sql.append(NEWEST_FIRST).append(" OFFSET 0) v").append(visible).append(NEWEST_FIRST).append(" LIMIT :limit");
        bound.put("limit", need);
        return visits(sql.toString(), bound);
    }

    /** Enough for exact bitmaps of a few million candidate visits; one search at a time per connection. */
    private static final String SEARCH_WORK_MEM = "64MB";
    /** Visits the newest-first walk of {@link #search} tests before it turns to the bigram index. */
    static final int WALK = 1000;
    /** A window reaching further back is no window (and beyond PostgreSQL's timestamps): ask without one. */
    private static final Instant EARLIEST_WINDOW = Instant.parse("0001-01-01T00:00:00Z");
    /**
     * The most visits the newest-first walk goes on to when its first {@link #WALK} found some hits, but too
     * few: about what the index's slices would cost instead.
     */
    static final int LONG_WALK = 10_000;
    /**
     * {@link #LONG_WALK} for terms {@link NoteSearch#allAsWritten}, whose test costs less: ~1.2-2 µs a visit on the
     * bench against the 15-40 ms of CPU of a slice over the 75,000-150,000 index entries of 用友, 钉钉 or 华为 报价,
     * however narrow. Walking up to 32,000 (a rep's 钉钉 or 华为 报价, 3 hits in the newest 1,000) cost as much as the slice.
     */
    static final int LONG_WALK_AS_WRITTEN = 15_000;
    /** How much further than the rate found so far says the walk goes on, so that it seldom stops just short. */
    private static final double WALK_MARGIN = 1.25;
    /** How many slices of time {@link #search} asks the index for before it asks for the rest of the range. */
    private static final int SLICES = 3;
    /**
     * The most visits a slice after the first may span (its visit_visited_idx bitmap reads ~7 index pages per
     * 1,000): outside a burst, a term rarer than that asks the index alone for the rest (励销云: 1,037 notes of 5M
     * visits).
     */
    private static final long MAX_SLICE = 300_000;
    /**
     * How many times the table's own visits per unit of time a walk's rate may be before the slices are read by
     * position: above the bench's newest visits (up to ~4 times its average) and a working day's peak, far below a
     * burst of visits written seconds apart.
     */
    private static final double BURST = 8;
    /**
     * How many visits the walk may go on through a burst per index entry a slice would read instead: a slice
     * costs ~0.2-0.3 µs of CPU per entry on the bench, the walk ~1.2-2 µs per visit.
     */
    private static final double WALK_PER_INDEX_ENTRY = 0.15;
    /** The share of the notes from which a term is walked through a burst ({@link #throughBurst}). */
    private static final double FREQUENT = 0.1;

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
