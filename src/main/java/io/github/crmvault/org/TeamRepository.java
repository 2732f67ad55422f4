package io.github.crmvault.org;

import io.github.crmvault.common.paging.Cursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    List<Team> page(Cursor after, int limit) {
        if (after == null) {
            return find("order by createdAt, id").page(0, limit).list();
        }
        return find("createdAt > :at or (createdAt = :at and id > :id) order by createdAt, id",
                Parameters.with("at", after.at()).and("id", after.id())).page(0, limit).list();
    }

    /** True when {@code candidate} is {@code team} or lies below it. */
    boolean isInSubtree(UUID team, UUID candidate) {
        Object found = getEntityManager().createNativeQuery("""
                WITH RECURSIVE subtree(id) AS (
                    SELECT CAST(:team AS uuid)
                    UNION
                    SELECT t.id FROM team t JOIN subtree s ON t.parent_id = s.id
                )
                SELECT count(*) FROM subtree WHERE id = :candidate
                """).setParameter("team", team).setParameter("candidate", candidate).getSingleResult();
        return ((Number) found).longValue() > 0;
    }

    List<UUID> managedBy(UUID userId) {
        return find("managerId = ?1 order by createdAt, id", userId).stream().map(t -> t.id).toList();
    }
}
