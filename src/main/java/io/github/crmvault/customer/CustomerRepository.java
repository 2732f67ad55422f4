package io.github.crmvault.customer;

import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.security.Visibility;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import org.hibernate.jpa.HibernateHints;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Customer reads. Every query carries the caller's {@link Visibility}: {@code owner_key} must be one
 * of the caller's visible owner keys, unless the caller sees everything.
 */
@ApplicationScoped
class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {
    private static final String ORDER = " ORDER BY c.created_at DESC, c.id DESC LIMIT :limit";

    /** The resolved, validated filters of a list request. */
    record Filter(String searchPattern, UUID ownerKey, Customer.Status status, String city, String industry,
            String tag, Instant updatedSince, boolean includeArchived) {
    }

    Optional<Customer> findVisible(UUID id, Visibility visibility) {
        if (visibility.seesEverything()) {
            return findByIdOptional(id);
        }
        return find("FROM Customer c WHERE c.id = :id AND " + Visibility.HQL_PREDICATE,
                Parameters.with("id", id).and("visibleOwners", visibility.ownerKeys())).firstResultOptional();
    }

    List<Customer> list(Visibility visibility, Filter filter, Cursor after, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder();
        if (!filter.includeArchived()) {
            where.append(" AND NOT c.archived");
        }
        if (filter.ownerKey() != null) {
            where.append(" AND c.owner_key = :ownerKey");
            params.put("ownerKey", filter.ownerKey());
        }
        if (filter.status() != null) {
            where.append(" AND c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.city() != null) {
            where.append(" AND c.city = :city");
            params.put("city", filter.city());
        }
        if (filter.industry() != null) {
            where.append(" AND c.industry = :industry");
            params.put("industry", filter.industry());
        }
        if (filter.tag() != null) {
            where.append(" AND c.tags @> ARRAY[CAST(:tag AS text)]");
            params.put("tag", filter.tag());
        }
        if (filter.updatedSince() != null) {
            where.append(" AND c.updated_at >= :updatedSince");
            params.put("updatedSince", filter.updatedSince());
        }
        if (filter.searchPattern() != null) {
            where.append(" AND c.search_text LIKE :pattern");
            params.put("pattern", filter.searchPattern());
        }
        if (after != null) {
            where.append(" AND (c.created_at, c.id) < (:afterAt, :afterId)");
            params.put("afterAt", after.at());
            params.put("afterId", after.id());
        }
        params.put("limit", limit);

        String sql;
        if (visibility.seesEverything()) {
            sql = "SELECT c.* FROM customer c WHERE TRUE" + where + ORDER;
        } else {
            params.put("visibleOwners", visibility.ownerKeysSqlArray());
            if (filter.searchPattern() != null || filter.ownerKey() != null) {
                // A text search or one owner is selective on its own: one scan with the predicate.
                sql = "SELECT c.* FROM customer c WHERE " + Visibility.SQL_PREDICATE + where + ORDER;
            } else {
                // The same predicate, unrolled: walk each visible owner's slice of the ordered index
                // for the keys of its newest rows, merge, then read just the page's rows, so a page
                // costs limit index entries per owner, not a sort of the whole pool.
                sql = "SELECT c.* FROM customer c JOIN (SELECT top.id FROM unnest(CAST(:visibleOwners AS uuid[]))"
                        + " AS k(owner_key) CROSS JOIN LATERAL (SELECT c.id, c.created_at FROM customer c"
                        + " WHERE c.owner_key = k.owner_key" + where + ORDER + ") top"
                        + " ORDER BY top.created_at DESC, top.id DESC LIMIT :limit) page ON page.id = c.id"
                        + " ORDER BY c.created_at DESC, c.id DESC";
            }
        }
        // Read-only: no snapshots kept for a dirty check that never comes.
        Query query = getEntityManager().createNativeQuery(sql, Customer.class)
                .setHint(HibernateHints.HINT_READ_ONLY, true);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Customer> rows = query.getResultList();
        return rows;
    }
}
