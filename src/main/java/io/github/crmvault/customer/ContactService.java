package io.github.crmvault.customer;

import io.github.crmvault.audit.PersonalDataReads;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.PersonalData;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerDtos.ContactRequest;
import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts live under a customer: whoever may see or change the customer may see or change them. */
@ApplicationScoped
class ContactService {
    @Inject
    CustomerService customers;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    PersonalData personalData;
    @Inject
    PersonalDataReads reads;

    Page<ContactResponse> list(UUID customerId, boolean includeArchived, String cursor, int limit) {
        Customer customer = customers.visible(customerId);
        boolean full = inFull(customer);
        Cursor after = Cursor.decode(cursor);
        List<Contact> rows = em.createQuery("FROM Contact c WHERE c.customerId = :customer"
                        + (includeArchived ? "" : " AND c.archived = false")
                        + " AND (c.createdAt > :at OR (c.createdAt = :at AND c.id > :id))"
                        + " ORDER BY c.createdAt, c.id", Contact.class)
                .setParameter("customer", customerId)
                .setParameter("at", after == null ? Instant.EPOCH : after.at())
                .setParameter("id", after == null ? new UUID(0L, 0L) : after.id())
                .setMaxResults(limit + 1)
                .getResultList();
        if (full) {
            reads.read(callers.current(), customer.id, customer.ownerId, Math.min(rows.size(), limit));
        }
        return Page.of(rows, limit, c -> ContactResponse.of(c, full), c -> new Cursor(c.createdAt, c.id).encode());
    }

    ContactResponse get(UUID customerId, UUID contactId) {
        Customer customer = customers.visible(customerId);
        Contact contact = find(customerId, contactId);
        boolean full = inFull(customer);
        if (full) {
            reads.read(callers.current(), customer.id, customer.ownerId, 1);
        }
        return ContactResponse.of(contact, full);
    }

    @Transactional
    ContactResponse create(UUID customerId, ContactRequest request) {
        Caller caller = callers.current();
        Customer customer = customers.writable(customerId);
        requireLive(customer);
        Contact contact = new Contact();
        contact.id = UUID.randomUUID();
        contact.customerId = customerId;
        apply(contact, request);
        contact.stampCreated(caller.login());
        em.persist(contact);
        customers.record(customerId, "CONTACT", contact.id, "CREATE", caller, null, contact.snapshot());
        return ContactResponse.of(contact, inFull(customer));
    }

    @Transactional
    ContactResponse update(UUID customerId, UUID contactId, String ifMatch, ContactRequest request) {
        Caller caller = callers.current();
        Customer customer = customers.writable(customerId);
        requireLive(customer);
        Contact contact = find(customerId, contactId);
        Preconditions.checkVersion(ifMatch, contact.version);
        if (contact.archived) {
            throw ProblemException.conflict("The contact is archived; restore it before changing it");
        }
        Map<String, Object> before = contact.snapshot();
        apply(contact, request);
        return ContactResponse.of(save(contact, "UPDATE", caller, before), inFull(customer));
    }

    @Transactional
    ContactResponse setArchived(UUID customerId, UUID contactId, String ifMatch, boolean archived) {
        Caller caller = callers.current();
        Customer customer = customers.writable(customerId);
        requireLive(customer);
        Contact contact = find(customerId, contactId);
        Preconditions.checkVersionIfPresent(ifMatch, contact.version);
        if (contact.archived == archived) {
            throw ProblemException.conflict(archived ? "The contact is already archived" : "The contact is not archived");
        }
        Map<String, Object> before = contact.snapshot();
        contact.archived = archived;
        return ContactResponse.of(save(contact, archived ? "ARCHIVE" : "RESTORE", caller, before), inFull(customer));
    }

    /**
     * Every contact response, writes' too, goes through the one rule of who sees personal data in full.
     * Only reads are on the record (PersonalDataReads): a write answers with what its writer sent.
     */
    private boolean inFull(Customer customer) {
        return personalData.sight(callers.current()).full(customer.id, customer.ownerId);
    }

    private Contact save(Contact contact, String action, Caller caller, Map<String, Object> before) {
        Map<String, Object> after = contact.snapshot();
        if (after.equals(before)) {
            return contact;
        }
        contact.stampUpdated(caller.login());
        em.flush();
        customers.record(contact.customerId, "CONTACT", contact.id, action, caller, before, after);
        return contact;
    }

    private Contact find(UUID customerId, UUID contactId) {
        Contact contact = em.find(Contact.class, contactId);
        if (contact == null || !contact.customerId.equals(customerId)) {
            throw ProblemException.notFound("Contact " + contactId + " of customer " + customerId);
        }
        return contact;
    }

    private static void requireLive(Customer customer) {
        if (customer.archived) {
            throw ProblemException.conflict("The customer is archived; restore it before changing its contacts");
        }
    }

    private static void apply(Contact contact, ContactRequest request) {
        contact.name = request.name().strip();
        contact.title = CustomerService.blankToNull(request.title());
        contact.phones = CustomerService.cleaned(request.phones());
        contact.email = request.email() == null ? null : request.email().strip().toLowerCase(java.util.Locale.ROOT);
        contact.messagingId = CustomerService.blankToNull(request.messagingId());
        contact.decisionRole = request.decisionRole();
        contact.decisionMaker = request.decisionMaker() != null
                ? request.decisionMaker()
                : request.decisionRole() == Contact.DecisionRole.DECISION_MAKER;
    }
}
