package io.github.crmvault.deal;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.paging.DateCursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.customer.CustomerAccess.DealTarget;
import io.github.crmvault.deal.DealDtos.DealRequest;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of deals: recorded and cancelled by the customer's owner, a manager above them or an
 * admin; a deal credits the owner of that moment and makes the customer SIGNED; cancelling the last
 * live deal puts it back to PROSPECT. The customer's row lock orders a customer's deal changes, so
 * its status follows its deals and a deal is cancelled once.
 */
@ApplicationScoped
class DealService {
    /** Contracts older than this are a typing error, not a late entry. */
    static final int MAX_AGE_YEARS = 10;

    @Inject
    CustomerAccess customers;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    CompanyCalendar calendar;
    @Inject
    WebhookOutbox webhooks;

    @Transactional
    Deal create(UUID customerId, DealRequest request) {
        Caller caller = callers.current();
        DealTarget customer = writable(customerId, caller);
        validate(request);
        Deal deal = new Deal();
        deal.id = UUID.randomUUID();
        deal.customerId = customerId;
        deal.ownerId = customer.ownerId();
        deal.amount = request.amount().setScale(2);
        deal.currency = request.currency();
        deal.signedOn = request.signedOn();
        deal.product = request.product().strip();
        deal.expectedSignDate = customer.expectedSignDate();
        deal.status = DealStatus.ACTIVE;
        deal.stampCreated(caller.login());
        em.persist(deal);
        em.flush();
        customers.record(customerId, ChangeLog.DEAL, deal.id, "CREATE", caller, null, deal.snapshot());
        customers.signedByDeals(customerId, true, "Deal " + deal.id + " recorded");
        webhooks.publish(EventType.DEAL_SIGNED, customerId,
                WebhookOutbox.data("dealId", deal.id, "customerId", customerId, "deal", DealDtos.DealResponse.of(deal)));
        return deal;
    }

    @Transactional
    Deal cancel(UUID customerId, UUID dealId, String ifMatch, String reason) {
        Caller caller = callers.current();
        writable(customerId, caller);
        Deal deal = find(customerId, dealId);
        Preconditions.checkVersionIfPresent(ifMatch, deal.version);
        if (deal.status == DealStatus.CANCELLED) {
            throw ProblemException.conflict("The deal was cancelled at " + deal.cancelledAt + " by " + deal.cancelledBy);
        }
        Map<String, Object> before = deal.snapshot();
        deal.status = DealStatus.CANCELLED;
        deal.cancelledAt = Audited.now();
        deal.cancelledBy = caller.login();
        deal.cancelReason = reason.strip();
        deal.stampUpdated(caller.login());
        em.flush();
        customers.record(customerId, ChangeLog.DEAL, deal.id, "CANCEL", deal.cancelReason, caller, before, deal.snapshot());
        if (!hasActiveDeal(customerId)) {
            customers.signedByDeals(customerId, false, "Deal " + deal.id + " cancelled; no live deal left");
        }
        return deal;
    }

    Deal get(UUID customerId, UUID dealId) {
        customers.visible(customerId);
        return find(customerId, dealId);
    }

    /** The customer's deals, newest signing date first; the cursor is the last one's signing day and id. */
    Page<DealResponse> list(UUID customerId, String cursor, int limit) {
        customers.visible(customerId);
        DateCursor after = DateCursor.decode(cursor);
        String keyset = after == null ? "" : " AND (d.signedOn < :on OR (d.signedOn = :on AND d.id < :id))";
        TypedQuery<Deal> query = em.createQuery("FROM Deal d WHERE d.customerId = :customer" + keyset
                        + " ORDER BY d.signedOn DESC, d.id DESC", Deal.class)
                .setParameter("customer", customerId)
                .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("on", after.on()).setParameter("id", after.id());
        }
        return Page.of(query.getResultList(), limit, DealResponse::of, d -> new DateCursor(d.signedOn, d.id).encode());
    }

    /**
     * Locks the customer and checks the caller may record its deals: 404 unseen; 409 in the pool (a
     * deal credits an owner); 403 unless the owner, a manager above them or an admin; 409 archived.
     */
    private DealTarget writable(UUID customerId, Caller caller) {
        DealTarget customer = customers.lockForDeal(customerId);
        if (customer.ownerId() == null) {
            throw new ProblemException(ProblemType.CUSTOMER_IN_POOL,
                    "The customer is in the public pool; a deal credits its owner, so a rep claims it first");
        }
        if (!caller.mayChange(customer.ownerId())) {
            throw ProblemException.forbidden("Only the owner, a manager above them or an admin records and cancels deals");
        }
        if (customer.archived()) {
            throw ProblemException.conflict("The customer is archived; restore it before changing its deals");
        }
        return customer;
    }

    private Deal find(UUID customerId, UUID dealId) {
        Deal deal = em.find(Deal.class, dealId);
        if (deal == null || !deal.customerId.equals(customerId)) {
            throw ProblemException.notFound("Deal " + dealId);
        }
        return deal;
    }

    private boolean hasActiveDeal(UUID customerId) {
        return !em.createQuery("SELECT d.id FROM Deal d WHERE d.customerId = :customer AND d.status = :active", UUID.class)
                .setParameter("customer", customerId)
                .setParameter("active", DealStatus.ACTIVE)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** Checks that need the calendar or the currency list; formats were checked by bean validation. */
    private void validate(DealRequest request) {
        try {
            Currency.getInstance(request.currency());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("currency", "is not an ISO 4217 currency code");
        }
        LocalDate today = calendar.today();
        if (request.signedOn().isAfter(today)) {
            throw ProblemException.invalid("signedOn", "is after today (" + today + "); record a deal once it is signed");
        }
        if (request.signedOn().isBefore(today.minusYears(MAX_AGE_YEARS))) {
            throw ProblemException.invalid("signedOn", "is more than " + MAX_AGE_YEARS + " years ago");
        }
        if (request.product().isBlank()) {
            throw ProblemException.invalid("product", "must not be blank");
        }
    }
}
