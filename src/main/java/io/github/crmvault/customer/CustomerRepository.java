package io.github.crmvault.customer;

import io.github.crmvault.common.security.Visibility;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Customer reads. Every query carries the caller's {@link Visibility}: {@code owner_key} must be one
 * of the caller's visible owner keys, unless the caller sees everything.
 */
@ApplicationScoped
class CustomerRepository implements PanacheRepositoryBase<Customer, UUID> {
    /** The orders of the list; each has its own kind of cursor, so a cursor of the other one is a 400. */
    enum Sort {
        /** Newest first: (created_at, id) descending. */
        NEWEST("c.created_at", "DESC", ":afterKey"),
        /** The grade order: expected signing date ascending, none last, then id. The cursor's date is text: 'infinity' for none. */
        GRADE(Grade.NO_DATE_LAST, "ASC", "CAST(:afterKey AS date)");

        final String key;
        final String direction;
        final String afterKey;

        Sort(String key, String direction, String afterKey) {
            this.key = key;
            this.direction = direction;
            this.afterKey = afterKey;
        }

        String orderBy(String keyAlias, String idAlias) {
            return " ORDER BY " + keyAlias + " " + direction + ", " + idAlias + " " + direction;
        }
    }

    /** The resolved, validated filters of a list request; grades with the window that dates them. */
    record Filter(String searchPattern, UUID ownerKey, Customer.Status status, String city, String industry,
            String tag, Instant updatedSince, boolean includeArchived, Set<Grade> grades, Grade.Window window) {
    }

    /** Where a page starts: after the row with this sort key (an instant or a date) and id; null for the first page. */
    record After(Object key, UUID id) {
    }

    Optional<Customer> findVisible(UUID id, Visibility visibility) {
        if (visibility.seesEverything()) {
            return findByIdOptional(id);
        }
        return find("FROM Customer c WHERE c.id = :id AND " + Visibility.HQL_PREDICATE,
                Parameters.with("id", id).and("visibleOwners", visibility.ownerKeys())).firstResultOptional();
    }

    /** A list statement with its named parameters, selecting {@link CustomerReads#COLUMNS}. */
    record ListSql(String sql, Map<String, Object> params) {
    }

    /** The statement of one list page; {@link CustomerReads} runs it. */
    ListSql listSql(Visibility visibility, Filter filter, Sort sort, After after, int limit) {
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
        String grades = filter.grades() == null ? null : Grade.Window.sqlFilter(filter.grades());
        if (grades != null) {
            where.append(" AND ").append(grades);
            // Only the bounds the ranges use: a named parameter the query lacks is an error.
            if (grades.contains(":gradeLastA")) {
                params.put("gradeLastA", filter.window().lastA());
            }
            if (grades.contains(":gradeLastB")) {
                params.put("gradeLastB", filter.window().lastB());
            }
        }
        if (after != null) {
            where.append(" AND (").append(sort.key).append(", c.id) ").append(sort == Sort.NEWEST ? "<" : ">")
                    .append(" (").append(sort.afterKey).append(", :afterId)");
            params.put("afterKey", after.key());
            params.put("afterId", after.id());
        }
        params.put("limit", limit);
        String order = sort.orderBy(sort.key, "c.id") + " LIMIT :limit";

        String sql;
        if (visibility.seesEverything()) {
            sql = "SELECT " + CustomerReads.COLUMNS + " FROM customer c WHERE TRUE" + where + order;
        } else {
            params.put("visibleOwners", visibility.ownerKeysSqlArray());
            if (filter.searchPattern() != null || filter.ownerKey() != null) {
                // A text search or one owner is selective on its own: one scan with the predicate.
                sql = "SELECT " + CustomerReads.COLUMNS + " FROM customer c WHERE " + Visibility.SQL_PREDICATE + where
                        + order;
            } else {
                // The same predicate, unrolled: walk each visible owner's slice of the ordered index
                // for the keys of its newest rows, merge, then read just the page's rows, so a page
                // costs limit index entries per owner, not a sort of the whole pool.
                sql = "SELECT " + CustomerReads.COLUMNS + " FROM customer c JOIN (SELECT top.id FROM unnest(CAST(:visibleOwners AS uuid[]))"
                        + " AS k(owner_key) CROSS JOIN LATERAL (SELECT c.id, " + sort.key + " AS sort_key FROM customer c"
                        + " WHERE c.owner_key = k.owner_key" + where + order + ") top"
                        + sort.orderBy("top.sort_key", "top.id") + " LIMIT :limit) page ON page.id = c.id"
                        + sort.orderBy(sort.key, "c.id");
            }
        }
        return new ListSql(sql, params);
    }
}
