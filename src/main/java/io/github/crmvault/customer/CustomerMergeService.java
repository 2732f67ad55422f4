package io.github.crmvault.customer;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.conflict.ConflictService;
import io.github.crmvault.customer.CustomerOwnership.Kind;
import io.github.crmvault.customer.MergeDtos.MergeRequest;
import io.github.crmvault.customer.MergeDtos.MergeResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Merges a duplicate customer into its survivor (admins): contacts, visits, their reviews, deals and
 * the history move to the survivor, keeping their ids, in one statement each; the duplicate is archived
 * with a pointer to the survivor and keeps its own ownership log. It follows the survivor's owner,
 * so whoever sees the survivor can follow the pointer, and nobody else keeps an empty shell.
 */
@ApplicationScoped
class CustomerMergeService {
    /** Contacts and visits change (their customer), so their version moves on and stale edits get 412. */
    private static final String MOVE_CONTACTS = "UPDATE contact SET customer_id = :survivor, version = version + 1,"
            + " updated_at = :now, updated_by = :actor WHERE customer_id = :duplicate";
    private static final String MOVE_VISITS = "UPDATE visit SET customer_id = :survivor, version = version + 1,"
            + " updated_at = :now, updated_by = :actor WHERE customer_id = :duplicate";
    /** Deals keep the rep they credit; a survivor gaining a live deal becomes SIGNED. */
    private static final String MOVE_DEALS = "UPDATE deal SET customer_id = :survivor, version = version + 1,"
            + " updated_at = :now, updated_by = :actor WHERE customer_id = :duplicate";
    private static final String MOVE_REVIEWS = "UPDATE visit_review SET customer_id = :survivor WHERE customer_id = :duplicate";
    private static final String MOVE_HISTORY = "UPDATE customer_history SET customer_id = :survivor WHERE customer_id = :duplicate";

    @Inject
    EntityManager em;
    @Inject
    CallerContext callers;
    @Inject
    CustomerService customers;
    @Inject
    CustomerOwnership ownership;
    @Inject
    ChangeLog changeLog;
    @Inject
    ConflictService conflicts;

    @Transactional
    MergeResponse merge(UUID duplicateId, String ifMatch, MergeRequest request) {
        Caller caller = callers.current();
        UUID survivorId = request.survivorId();
        if (survivorId.equals(duplicateId)) {
            throw ProblemException.invalid("survivorId", "is the customer being merged; a customer is not merged into itself");
        }
        // Locked in id order, so two merges of one pair in opposite directions queue instead of deadlocking.
        boolean duplicateFirst = duplicateId.compareTo(survivorId) < 0;
        Customer first = lock(duplicateFirst ? duplicateId : survivorId);
        Customer second = lock(duplicateFirst ? survivorId : duplicateId);
        Customer duplicate = duplicateFirst ? first : second;
        Customer survivor = duplicateFirst ? second : first;
        if (duplicate == null) {
            throw ProblemException.notFound("Customer " + duplicateId);
        }
        if (survivor == null) {
            throw ProblemException.invalid("survivorId", "names no customer");
        }
        Preconditions.checkVersionIfPresent(ifMatch, duplicate.version);
        if (duplicate.mergedIntoId != null) {
            throw ProblemException.conflict("The customer was already merged into " + duplicate.mergedIntoId);
        }
        if (duplicate.archived) {
            throw ProblemException.conflict("The customer is archived; restore it before merging it");
        }
        if (survivor.archived) {
            throw ProblemException.conflict("The survivor " + survivorId + " is archived"
                    + (survivor.mergedIntoId == null ? "; restore it first" : "; it was merged into " + survivor.mergedIntoId));
        }
        String reason = request.reason().strip();

        // Feed rows naming the duplicate for everything under it, written while it is still theirs:
        // whoever saw the duplicate and cannot see the survivor learns each record has left their view.
        changeLog.changedWithContacts(duplicateId);
        Instant now = Audited.now();
        int contacts = moveRows(MOVE_CONTACTS, duplicateId, survivorId, now, caller);
        int visits = moveRows(MOVE_VISITS, duplicateId, survivorId, now, caller);
        int reviews = moveRows(MOVE_REVIEWS, duplicateId, survivorId, null, null);
        int deals = moveRows(MOVE_DEALS, duplicateId, survivorId, now, caller);
        int history = moveRows(MOVE_HISTORY, duplicateId, survivorId, null, null);
        if (!Objects.equals(duplicate.ownerId, survivor.ownerId)) {
            ownership.move(duplicateId, survivor.ownerId, Kind.MERGE, reason, survivor.protectedUntil);
        }
        if (duplicate.status == Customer.Status.SIGNED) {
            // Its deals went to the survivor, and SIGNED follows live deals.
            customers.setStatus(duplicate, Customer.Status.PROSPECT, "Deals moved to survivor " + survivorId);
        }
        customers.setArchived(duplicate, true, survivorId, reason);
        // The moved contacts' mobiles were the duplicate's keys (released just now): now the survivor's.
        conflicts.register(survivorId, survivor.identity(), false);

        Map<String, Object> merged = new LinkedHashMap<>();
        merged.put("mergedCustomerId", duplicateId.toString());
        merged.put("contactsMoved", contacts);
        merged.put("visitsMoved", visits);
        merged.put("reviewsMoved", reviews);
        merged.put("dealsMoved", deals);
        merged.put("historyEntriesMoved", history);
        customers.writeHistory(survivorId, ChangeLog.CUSTOMER, survivorId, Kind.MERGE.name(), reason, caller, null, merged);
        if (hasActiveDeal(survivorId)) {
            customers.setStatus(survivor, Customer.Status.SIGNED, "Live deals moved from merged customer " + duplicateId);
        }
        // Clients of the survivor learn the records it gained, under their new customer.
        changeLog.changedWithContacts(survivorId);
        return new MergeResponse(customers.response(survivor), customers.response(duplicate), contacts, visits,
                reviews, deals, history);
    }

    private boolean hasActiveDeal(UUID customerId) {
        return !em.createNativeQuery("SELECT 1 FROM deal WHERE customer_id = :customer AND status = 'ACTIVE' LIMIT 1")
                .setParameter("customer", customerId).getResultList().isEmpty();
    }

    private Customer lock(UUID id) {
        return em.find(Customer.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private int moveRows(String sql, UUID duplicateId, UUID survivorId, Instant now, Caller caller) {
        var update = em.createNativeQuery(sql).setParameter("duplicate", duplicateId).setParameter("survivor", survivorId);
        if (now != null) {
            update.setParameter("now", now).setParameter("actor", caller.login());
        }
        return update.executeUpdate();
    }
}
