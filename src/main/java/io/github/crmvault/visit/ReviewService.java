package io.github.crmvault.visit;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import io.github.crmvault.visit.VisitDtos.QueueItem;
import io.github.crmvault.visit.VisitDtos.ReviewRequest;
import io.github.crmvault.visit.VisitDtos.ReviewResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The managers' daily review. A manager reviews the visits of the users in the team subtrees they
 * manage, an admin any visit; both only visits they can see (otherwise 404). A visible visit of
 * someone they do not manage (a pool customer's visit by another region's rep) is 403. Everyone
 * who sees a visit, its author included, sees its reviews.
 */
@ApplicationScoped
class ReviewService {
    @Inject
    VisitRepository visits;
    @Inject
    CustomerAccess customers;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    CrmSettings settings;
    @Inject
    WebhookOutbox webhooks;

    @Transactional
    VisitReview create(UUID visitId, ReviewRequest request) {
        Caller caller = callers.current();
        Visit visit = visits.findVisible(visitId);
        if (!caller.isAdmin() && !caller.manages(visit.authorId)) {
            throw ProblemException.forbidden("Only a manager of the author's team (or a team above it) or an admin may review this visit");
        }
        if (caller.userId() == null) {
            throw ProblemException.forbidden("Reviews are written by users; this admin login has no user record");
        }
        if (request.verdict() == VisitReview.Verdict.NEEDS_WORK && (request.comment() == null || request.comment().isBlank())) {
            throw ProblemException.invalid("comment", "is required when the verdict is NEEDS_WORK: say what to improve");
        }
        VisitReview review = new VisitReview();
        review.id = UUID.randomUUID();
        review.visitId = visit.id;
        review.customerId = visit.customerId;
        review.reviewerId = caller.userId();
        review.verdict = request.verdict();
        review.comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
        review.createdAt = Audited.now();
        review.createdBy = caller.login();
        em.persist(review);
        // Not the author's content: the visit's version stays, only the queue's flag moves.
        em.createNativeQuery("UPDATE visit SET review_count = review_count + 1 WHERE id = :id")
                .setParameter("id", visit.id).executeUpdate();
        customers.record(visit.customerId, "REVIEW", review.id, "CREATE", caller, null, review.snapshot());
        webhooks.publish(EventType.VISIT_REVIEWED, visit.customerId, WebhookOutbox.data("visitId", visit.id,
                "reviewId", review.id, "customerId", visit.customerId, "review", VisitDtos.ReviewResponse.of(review)));
        return review;
    }

    Page<ReviewResponse> list(UUID visitId, String cursor, int limit) {
        visits.findVisible(visitId);
        Cursor after = Cursor.decode(cursor);
        String keyset = after == null ? "" : " AND (r.createdAt > :at OR (r.createdAt = :at AND r.id > :id))";
        TypedQuery<VisitReview> query = em.createQuery("FROM VisitReview r WHERE r.visitId = :visit" + keyset
                + " ORDER BY r.createdAt, r.id", VisitReview.class)
                .setParameter("visit", visitId)
                .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("at", after.at()).setParameter("id", after.id());
        }
        return Page.of(query.getResultList(), limit, ReviewResponse::of, r -> new Cursor(r.createdAt, r.id).encode());
    }

    /** Unreviewed visits of the caller's managed authors (admins: of everyone), oldest first. */
    Page<QueueItem> queue(LocalDate day, UUID authorId, String cursor, int limit) {
        Caller caller = callers.current();
        Cursor after = Cursor.decode(cursor);
        List<UUID> authors = caller.isAdmin() ? null : caller.managedUserIds();
        if (authors != null && authors.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        Instant start = day == null ? null : day.atStartOfDay(settings.timeZone()).toInstant();
        Instant end = day == null ? null : day.plusDays(1).atStartOfDay(settings.timeZone()).toInstant();
        List<QueueItem> rows = visits.queue(caller, authors, authorId, start, end, after, limit + 1);
        return Page.of(rows, limit, item -> item, item -> new Cursor(item.visitedAt(), item.visitId()).encode());
    }
}
