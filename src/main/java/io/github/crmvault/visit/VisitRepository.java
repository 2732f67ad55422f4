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
import java.time.Instant;
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
            source = "(SELECT v.* FROM visit v JOIN customer c ON c.id = v.customer_id" + where + order + ")";
        } else {
            // Each author's slice of the queue index, oldest first, merged: a page costs limit rows per
            // author instead of sorting everything the team has not had reviewed.
            params.put("authors", UuidArrays.literal(scope));
            source = "(SELECT q.* FROM unnest(CAST(:authors AS uuid[])) AS a(author_id) CROSS JOIN LATERAL"
                    + " (SELECT v.* FROM visit v JOIN customer c ON c.id = v.customer_id" + where
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
