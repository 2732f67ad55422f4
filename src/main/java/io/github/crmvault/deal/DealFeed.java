package io.github.crmvault.deal;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.deal.DealDtos.DealResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;

/**
 * Current representations of deals for the change feed, batch-loaded by id. Deals follow their
 * customer: the visibility predicate on the customer decides, and a deal of an archived customer
 * comes back flagged so the feed can list it as removed.
 */
@ApplicationScoped
public class DealFeed {
    @Inject
    EntityManager em;

    public record DealState(DealResponse deal, boolean customerArchived) {
    }

    public List<DealState> deals(Visibility visibility, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery("SELECT d, c.archived FROM Deal d JOIN Customer c ON c.id = d.customerId"
                + " WHERE d.id IN :ids" + (visibility.seesEverything() ? "" : " AND " + Visibility.HQL_PREDICATE), Object[].class);
        query.setParameter("ids", ids);
        visibility.bindHql(query);
        query.setHint(HibernateHints.HINT_READ_ONLY, true);
        return query.getResultList().stream()
                .map(row -> new DealState(DealResponse.of((Deal) row[0]), (Boolean) row[1]))
                .toList();
    }
}
