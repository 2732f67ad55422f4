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
import io.github.crmvault.customer.CustomerDtos.HistoryEntryResponse;
import io.github.crmvault.customer.CustomerDtos.MetVisit;
import io.github.crmvault.customer.CustomerDtos.PersonalDataResponse;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.conflict.ConflictService;
import jakarta.persistence.LockModeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Contacts live under a customer: whoever may see or change the customer may see or change them. */
@ApplicationScoped
class ContactService {
    /** Personal fields of a contact: their values in its history become the marker on erasure. */
    private static final String REDACT_HISTORY = """
            UPDATE customer_history h SET changes = (
                SELECT coalesce(jsonb_agg(CASE WHEN x.e->>'field' IN ('name', 'title', 'phones', 'email', 'messagingId')
                        THEN jsonb_build_object('field', x.e->'field',
                            'oldValue', CASE WHEN coalesce(x.e->'oldValue', 'null') IN ('null', '[]', '""') THEN x.e->'oldValue'
                                ELSE to_jsonb(CAST(:marker AS text)) END,
                            'newValue', CASE WHEN coalesce(x.e->'newValue', 'null') IN ('null', '[]', '""') THEN x.e->'newValue'
                                ELSE to_jsonb(CAST(:marker AS text)) END)
                        ELSE x.e END ORDER BY x.n), CAST('[]' AS jsonb))
                FROM jsonb_array_elements(h.changes) WITH ORDINALITY AS x(e, n))
            WHERE h.entity_type = 'CONTACT' AND h.entity_id = :contact
            """;
    /** The stored replays (Idempotency) of the creation of the contact: they hold its values. */
    private static final String FORGET_REPLAYS = "DELETE FROM idempotency_key WHERE scope = 'createContact'"
            + " AND location LIKE :location";
    /** The visits that name the contact among the people met (visits are the visit package's; read here by SQL). */
    private static final String MET_VISITS = "SELECT v.id, v.visited_at, v.channel, v.notes, v.outcome, v.next_step"
            + " FROM visit v WHERE v.customer_id = :customer AND CAST(:contact AS uuid) = ANY(v.contact_ids)"
            + " ORDER BY v.visited_at, v.id";

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
    @Inject
    ConflictService conflicts;

    Page<ContactResponse> list(UUID customerId, boolean includeArchived, String cursor, int limit) {
        callers.requireScope(Caller.CONTACTS_READ);
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
        callers.requireScope(Caller.CONTACTS_READ);
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
        registerMobiles(customerId);
        customers.record(customerId, "CONTACT", contact.id, "CREATE", caller, null, contact.snapshot());
        return ContactResponse.of(contact, inFull(customer));
    }

    @Transactional
    ContactResponse update(UUID customerId, UUID contactId, String ifMatch, ContactRequest request) {
        return update(customerId, contactId, ifMatch, current -> request);
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    ContactResponse update(UUID customerId, UUID contactId, String ifMatch, UnaryOperator<ContactRequest> change) {
        Caller caller = callers.current();
        Customer customer = customers.writable(customerId);
        requireLive(customer);
        Contact contact = find(customerId, contactId);
        Preconditions.checkVersion(ifMatch, contact.version);
        requireNotErased(contact);
        if (contact.archived) {
            throw ProblemException.conflict("The contact is archived; restore it before changing it");
        }
        ContactRequest request = change.apply(ContactRequest.of(contact));
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
        requireNotErased(contact);
        if (contact.archived == archived) {
            throw ProblemException.conflict(archived ? "The contact is already archived" : "The contact is not archived");
        }
        Map<String, Object> before = contact.snapshot();
        contact.archived = archived;
        return ContactResponse.of(save(contact, archived ? "ARCHIVE" : "RESTORE", caller, before), inFull(customer));
    }

    /**
     * Erases the person's data for good (admins only, any customer, archived or not): the contact's
     * personal fields take the erased values, the same values in its history entries become
     * {@link CustomerDtos#ERASED_MARKER} (the entries stay), the stored replay of the request that
     * created it goes, and the contact re-enters the change feed so every client overwrites its copy.
     * One ERASE entry records who, when and why, without values. Erasing an erased contact changes
     * nothing and answers the same contact. Visits keep naming the contact; their notes are free
     * text and are not scanned. The contact's mobile stops being a conflict key of the customer.
     */
    @Transactional
    ContactResponse erase(UUID customerId, UUID contactId, String reason) {
        Caller caller = callers.current();
        Customer customer = customers.visible(customerId);
        Contact contact = find(customerId, contactId);
        // Concurrent erasures of one contact queue here, so exactly one writes the ERASE entry.
        em.lock(contact, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(contact);
        if (contact.erased()) {
            return ContactResponse.of(contact, true);
        }
        contact.name = CustomerDtos.ERASED_MARKER;
        contact.title = null;
        contact.phones = List.of();
        contact.email = null;
        contact.messagingId = null;
        contact.erasedAt = Audited.now();
        contact.erasedBy = caller.login();
        contact.stampUpdated(caller.login());
        em.flush();
        if (!contact.archived && !customer.archived) {
            conflicts.register(customerId, customer.identity(), false); // the mobile is a key no more
        }
        em.createNativeQuery(REDACT_HISTORY).setParameter("contact", contactId)
                .setParameter("marker", CustomerDtos.ERASED_MARKER).executeUpdate();
        em.createNativeQuery(FORGET_REPLAYS).setParameter("location", "%/contacts/" + contactId).executeUpdate();
        customers.record(customerId, "CONTACT", contactId, "ERASE", reason.strip(), caller, null, Map.of());
        return ContactResponse.of(contact, true);
    }

    /**
     * Everything held about the person, for a subject access request (admins only): the contact in
     * full, all its history entries oldest first, and the visits that met them.
     */
    PersonalDataResponse personalData(UUID customerId, UUID contactId) {
        customers.visible(customerId);
        Contact contact = find(customerId, contactId);
        List<HistoryEntryResponse> history = em.createQuery("FROM HistoryEntry h WHERE h.entityType = 'CONTACT'"
                        + " AND h.entityId = :contact ORDER BY h.id", HistoryEntry.class)
                .setParameter("contact", contactId)
                .getResultList().stream().map(h -> HistoryEntryResponse.of(h, true)).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(MET_VISITS)
                .setParameter("customer", contact.customerId)
                .setParameter("contact", contactId)
                .getResultList();
        List<MetVisit> visits = rows.stream().map(r -> new MetVisit((UUID) r[0], instant(r[1]), (String) r[2],
                (String) r[3], (String) r[4], (String) r[5])).toList();
        return new PersonalDataResponse(ContactResponse.of(contact, true), history, visits);
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof java.sql.Timestamp t ? t.toInstant()
                : timestamp instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) timestamp;
    }

    private static void requireNotErased(Contact contact) {
        if (contact.erased()) {
            throw new ProblemException(ProblemType.CONTACT_ERASED,
                    "The contact's personal data was erased on " + contact.erasedAt + "; it can no longer be changed");
        }
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
        if (!Objects.equals(before.get("phones"), after.get("phones")) || !Objects.equals(before.get("archived"), after.get("archived"))) {
            registerMobiles(contact.customerId);
        }
        customers.record(contact.customerId, "CONTACT", contact.id, action, caller, before, after);
        return contact;
    }

    /**
     * The live contacts' mobiles are conflict keys of the customer. Another live customer holding one is
     * answered 409 conflict naming the key (contract 2.0.0 declares no duplicate-customer body on contact
     * writes); a conflict check with the mobile shows the holder.
     */
    private void registerMobiles(UUID customerId) {
        try {
            conflicts.register(customerId, customers.get(customerId).identity(), false);
        } catch (ProblemException e) {
            if (!ProblemType.DUPLICATE_CUSTOMER.uri().equals(e.problem().type())) {
                throw e;
            }
            throw ProblemException.conflict("A phone of this contact is already a conflict key of another live customer ("
                    + e.problem().detail().substring(e.problem().detail().indexOf(':') + 1).trim() + "): the same person at "
                    + "another company is the strongest sign of the same deal; run a conflict check with it to see who holds it");
        }
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
