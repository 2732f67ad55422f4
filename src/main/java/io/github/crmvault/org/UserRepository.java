package io.github.crmvault.org;

import io.github.crmvault.common.paging.Cursor;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
class UserRepository implements PanacheRepositoryBase<AppUser, UUID> {

    List<AppUser> page(Cursor after, UUID teamId, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (teamId != null) {
            query.append(" and teamId = :team");
            params.and("team", teamId);
        }
        if (after != null) {
            query.append(" and (createdAt > :at or (createdAt = :at and id > :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        return find(query + " order by createdAt, id", params).page(0, limit).list();
    }

    /** Customers the user owns, archived included (a native read: org knows customers only as rows). */
    long customersOwnedBy(UUID userId) {
        return ((Number) getEntityManager().createNativeQuery("SELECT count(*) FROM customer WHERE owner_key = :user")
                .setParameter("user", userId).getSingleResult()).longValue();
    }

    Optional<AppUser> findByLogin(String login) {
        return find("login", login).firstResultOptional();
    }
}
