package io.github.crmvault.visit;

import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.visit.VisitDtos.ReviewResponse;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.jpa.HibernateHints;

/**
 * Current representations of visits and reviews for the change feed, batch-loaded by id. Visits
 * follow their customer: the same visibility predicate on the customer decides, and a visit or
 * review of an archived customer comes back flagged so the feed can list it as removed.
 */
@ApplicationScoped
public class VisitFeed {
    @Inject
    EntityManager em;
    @Inject
    CrmSettings settings;

    public record VisitState(VisitResponse visit, boolean customerArchived) {
    }

    public record ReviewState(ReviewResponse review, boolean customerArchived) {
    }

    public List<VisitState> visits(Visibility visibility, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery("SELECT v, c.archived FROM Visit v JOIN Customer c ON c.id = v.customerId"
                + " WHERE v.id IN :ids" + (visibility.seesEverything() ? "" : " AND " + Visibility.HQL_PREDICATE), Object[].class);
        bind(query, visibility, ids);
        return query.getResultList().stream()
                .map(row -> new VisitState(VisitResponse.of((Visit) row[0], settings.visit().editWindow()), (Boolean) row[1]))
                .toList();
    }

    public List<ReviewState> reviews(Visibility visibility, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        TypedQuery<Object[]> query = em.createQuery("SELECT r, c.archived FROM VisitReview r JOIN Customer c ON c.id = r.customerId"
                + " WHERE r.id IN :ids" + (visibility.seesEverything() ? "" : " AND " + Visibility.HQL_PREDICATE), Object[].class);
        bind(query, visibility, ids);
        return query.getResultList().stream()
                .map(row -> new ReviewState(ReviewResponse.of((VisitReview) row[0]), (Boolean) row[1]))
                .toList();
    }

    private static void bind(TypedQuery<?> query, Visibility visibility, Collection<UUID> ids) {
        query.setParameter("ids", ids);
        visibility.bindHql(query);
        query.setHint(HibernateHints.HINT_READ_ONLY, true);
    }
}
