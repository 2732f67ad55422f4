package io.github.crmvault.customer;

import io.github.crmvault.audit.PersonalDataReads;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.audit.Changes;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.DateCursor;
import io.github.crmvault.customer.CustomerRepository.Sort;
import io.github.crmvault.settings.CompanyCalendar;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.PersonalData;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.sql.NamedSql;
import io.github.crmvault.common.web.Dates;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.conflict.ConflictService;
import io.github.crmvault.customer.CustomerDtos.CustomerRequest;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.customer.CustomerDtos.HistoryEntryResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The rules of customers: who owns a new one, who may see and change it, and that every change is
 * versioned and recorded. Customers are archived, never deleted. Reads run outside a transaction
 * (autocommit): it saves a round trip and a commit on the hottest paths.
 */
@ApplicationScoped
class CustomerService {
    @Inject
    CustomerRepository customers;
    @Inject
    CustomerReads reads;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    @Inject
    ChangeLog changeLog;
    @Inject
    CrmSettings settings;
    @Inject
    ConflictService conflicts;
    @Inject
    CompanyCalendar calendar;
    @Inject
    PersonalData personalData;
    @Inject
    PersonalDataReads personalDataReads;
    @Inject
    WebhookOutbox webhooks;

    @Transactional
    Customer create(CustomerRequest request, boolean acknowledgeSimilar) {
        Caller caller = callers.current();
        requireClientStatus(null, request.status());
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        apply(customer, request);
        // A rep or manager keeps what they bring in; an admin's entries start in the public pool.
        customer.ownerId = caller.ownsWhatItCreates() ? caller.userId() : null;
        if (customer.ownerId != null) {
            customer.claimedAt = Audited.now();
            customer.protectedUntil = customer.claimedAt.plus(settings.claim().protectionDays(), ChronoUnit.DAYS);
        }
        customer.stampCreated(caller.login());
        customers.persist(customer);
        conflicts.register(customer.id, customer.identity(), !acknowledgeSimilar);
        record(customer.id, "CUSTOMER", customer.id, "CREATE", caller, null, customer.snapshot());
        changeLog.ownerSet(customer.id, customer.ownerId, caller.login());
        webhooks.publish(EventType.CUSTOMER_CREATED, customer.id,
                WebhookOutbox.data("customerId", customer.id, "customer", response(customer)));
        return customer;
    }

    Customer get(UUID id) {
        return visible(id);
    }

    /**
     * GET /customers/{id}: the customer as the API shows it, if the caller may see it (404 otherwise,
     * exactly as {@link #visible}): one statement, no entity, no transaction.
     */
    CustomerResponse getResponse(UUID id) {
        return reads.findVisible(id, callers.current().visibility(), calendar.gradeWindow())
                .orElseThrow(() -> ProblemException.notFound("Customer " + id));
    }

    Page<CustomerResponse> list(CustomerQuery query, String cursor, int limit) {
        Caller caller = callers.current();
        Grade.Window window = calendar.gradeWindow();
        CustomerRepository.Filter filter = filterOf(query, caller, window);
        Sort sort = sortOf(query.sort);
        CustomerRepository.ListSql sql = customers.listSql(caller.visibility(), filter, sort, after(sort, cursor), limit + 1);
        List<CustomerResponse> rows = reads.query(NamedSql.of(sql.sql()), sql.params(), window);
        return Page.of(rows, limit, c -> c, c -> sort == Sort.NEWEST
                ? new Cursor(c.createdAt(), c.id()).encode() : new DateCursor(c.expectedSignDate(), c.id()).encode());
    }

    /** The customer as the API shows it, graded as of today. */
    CustomerResponse response(Customer customer) {
        return CustomerResponse.of(customer, calendar.gradeWindow());
    }

    private static Sort sortOf(String sort) {
        if (sort == null || sort.equals("newest")) {
            return Sort.NEWEST;
        }
        if (sort.equals("grade")) {
            return Sort.GRADE;
        }
        throw ProblemException.invalid("sort", "must be newest or grade");
    }

    /** The keyset position of a cursor of the list's order; a cursor of another order is a 400. */
    private static CustomerRepository.After after(Sort sort, String cursor) {
        if (sort == Sort.NEWEST) {
            Cursor after = Cursor.decode(cursor);
            return after == null ? null : new CustomerRepository.After(after.at(), after.id());
        }
        DateCursor after = DateCursor.decode(cursor);
        return after == null ? null
                : new CustomerRepository.After(after.on() == null ? "infinity" : after.on().toString(), after.id());
    }

    /** A grade filter: one of A, B, C or a comma list of them. */
    private static Set<Grade> gradesOf(String text) {
        if (text == null) {
            return null;
        }
        Set<Grade> grades = EnumSet.noneOf(Grade.class);
        for (String part : text.split(",", -1)) {
            try {
                grades.add(Grade.valueOf(part.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("grade", "must be A, B, C or a comma list of them such as A,B");
            }
        }
        return grades;
    }

    @Transactional
    Customer update(UUID id, String ifMatch, CustomerRequest request, boolean acknowledgeSimilar) {
        return update(id, ifMatch, current -> request, acknowledgeSimilar);
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    Customer update(UUID id, String ifMatch, UnaryOperator<CustomerRequest> change, boolean acknowledgeSimilar) {
        Caller caller = callers.current();
        Customer customer = writable(id);
        Preconditions.checkVersion(ifMatch, customer.version);
        if (customer.archived) {
            throw ProblemException.conflict("The customer is archived; restore it before changing it");
        }
        CustomerRequest request = change.apply(CustomerRequest.of(customer));
        requireClientStatus(customer.status, request.status());
        Map<String, Object> before = customer.snapshot();
        apply(customer, request);
        Customer saved = saveChange(customer, "UPDATE", null, caller, before);
        conflicts.register(saved.id, saved.identity(), !acknowledgeSimilar);
        return saved;
    }

    @Transactional
    Customer archive(UUID id, String ifMatch) {
        return setArchived(id, ifMatch, true);
    }

    @Transactional
    Customer restore(UUID id, String ifMatch) {
        return setArchived(id, ifMatch, false);
    }

    private Customer setArchived(UUID id, String ifMatch, boolean archived) {
        Customer customer = writable(id);
        Preconditions.checkVersionIfPresent(ifMatch, customer.version);
        if (customer.archived == archived) {
            throw ProblemException.conflict(archived ? "The customer is already archived" : "The customer is not archived");
        }
        if (customer.mergedIntoId != null) {
            throw ProblemException.conflict("The customer was merged into " + customer.mergedIntoId
                    + ", which holds its contacts, visits and history now; a merge is not undone");
        }
        return setArchived(customer, archived, null, null);
    }

    /**
     * Archives or restores a customer: the one path of POST .../archive, .../restore and of a merge,
     * so whatever must follow a customer leaving or re-entering the live set happens for all of them.
     * A merge passes the survivor: the duplicate points to it, recorded as MERGE with the reason.
     */
    Customer setArchived(Customer customer, boolean archived, UUID mergedIntoId, String reason) {
        Caller caller = callers.current();
        Map<String, Object> before = customer.snapshot();
        customer.archived = archived;
        if (mergedIntoId != null) {
            customer.mergedIntoId = mergedIntoId;
        }
        String action = mergedIntoId != null ? "MERGE" : archived ? "ARCHIVE" : "RESTORE";
        Customer saved = saveChange(customer, action, reason, caller, before);
        // Archived customers hold no keys; a restored one takes its keys back, unless another live
        // customer has taken one meanwhile (409). Similar names do not stop a restore.
        if (archived) {
            conflicts.release(saved.id);
        } else {
            conflicts.register(saved.id, saved.identity(), false);
        }
        return saved;
    }

    private Customer saveChange(Customer customer, String action, String reason, Caller caller,
            Map<String, Object> before) {
        Map<String, Object> after = customer.snapshot();
        if (after.equals(before)) {
            return customer;
        }
        customer.stampUpdated(caller.login());
        // Flush now so a concurrent writer of the same version fails here, as a 412, before the audit row.
        customers.flush();
        writeHistory(customer.id, ChangeLog.CUSTOMER, customer.id, action, reason, caller, before, after);
        feed(customer.id, ChangeLog.CUSTOMER, customer.id, action);
        webhooks.publish(EventType.CUSTOMER_UPDATED, customer.id,
                WebhookOutbox.data("customerId", customer.id, "action", action, "customer", response(customer)));
        return customer;
    }

    Page<HistoryEntryResponse> history(UUID id, String cursor, int limit) {
        Customer customer = visible(id);
        boolean contactsInFull = personalData.sight(callers.current()).full(customer.id, customer.ownerId);
        Long before = Cursor.decodeSequence(cursor);
        List<HistoryEntry> rows = em.createQuery("FROM HistoryEntry h WHERE h.customerId = :customer"
                        + " AND h.id < :before ORDER BY h.id DESC", HistoryEntry.class)
                .setParameter("customer", id)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(limit + 1)
                .getResultList();
        if (contactsInFull) {
            // Only the contacts' entries carry personal data.
            int contactEntries = (int) rows.stream().limit(limit).filter(h -> "CONTACT".equals(h.entityType)).count();
            personalDataReads.read(callers.current(), customer.id, customer.ownerId, contactEntries);
        }
        return Page.of(rows, limit, h -> HistoryEntryResponse.of(h, contactsInFull), h -> Cursor.encodeSequence(h.id));
    }

    /** The customer if the caller may see it; otherwise 404, exactly as if it did not exist. */
    Customer visible(UUID id) {
        Caller caller = callers.current();
        return customers.findVisible(id, caller.visibility())
                .orElseThrow(() -> ProblemException.notFound("Customer " + id));
    }

    /**
     * The customer if the caller may change it ({@link Caller#mayChange}): 404 if they cannot see it,
     * 403 if they see it but it is not theirs to change: a pool customer (admins only, until someone
     * claims it), or one seen only through the integration role.
     */
    Customer writable(UUID id) {
        Caller caller = callers.current();
        Customer customer = visible(id);
        requireMayChange(caller, customer.ownerId);
        return customer;
    }

    /** 403 unless the caller may change a customer of this owner (null: the pool), as {@link #writable} decides. */
    static void requireMayChange(Caller caller, UUID ownerId) {
        if (!caller.mayChange(ownerId)) {
            throw ProblemException.forbidden(ownerId == null
                    ? "The customer is in the public pool; only an admin may change it until a rep claims it"
                    : "You may read this customer but not change it: only its owner, a manager above them or an admin may");
        }
    }

    void record(UUID customerId, String entityType, UUID entityId, String action, Caller caller,
            Map<String, Object> before, Map<String, Object> after) {
        record(customerId, entityType, entityId, action, null, caller, before, after);
    }

    void record(UUID customerId, String entityType, UUID entityId, String action, String reason, Caller caller,
            Map<String, Object> before, Map<String, Object> after) {
        writeHistory(customerId, entityType, entityId, action, reason, caller, before, after);
        feed(customerId, entityType, entityId, action);
    }

    /**
     * SIGNED comes from deals only (a customer is SIGNED exactly while it has a live deal), or a rep
     * could hold any number of customers beyond the claim cap and out of recall's reach: a client
     * may neither set it nor take it away, 400 naming {@code status}. Sending SIGNED back unchanged is fine.
     */
    private static void requireClientStatus(Customer.Status current, Customer.Status requested) {
        if (requested == Customer.Status.SIGNED && current != Customer.Status.SIGNED) {
            throw ProblemException.invalid("status", "SIGNED is set by recording a deal (POST /api/v1/customers/{id}/deals),"
                    + " never by hand; use LEAD, PROSPECT or LOST");
        }
        if (current == Customer.Status.SIGNED && requested != Customer.Status.SIGNED) {
            throw ProblemException.invalid("status", "the customer has a live deal, so it stays SIGNED;"
                    + " cancelling its last live deal ends that");
        }
    }

    /**
     * Sets the status as a deal decides it (SIGNED when one is recorded, PROSPECT when the last one is
     * cancelled), through the same path as an edit: new version, history entry with the reason, feed.
     * Nothing is written when the customer has that status already.
     */
    Customer setStatus(Customer customer, Customer.Status status, String reason) {
        Map<String, Object> before = customer.snapshot();
        customer.status = status;
        return saveChange(customer, "UPDATE", reason, callers.current(), before);
    }

    /**
     * The change feed's row, in this same transaction. Archiving or restoring a customer (a merge
     * archives the duplicate) takes its contacts in or out of every client's view, so they re-enter
     * the feed with it.
     */
    private void feed(UUID customerId, String entityType, UUID entityId, String action) {
        if (ChangeLog.CUSTOMER.equals(entityType) && List.of("ARCHIVE", "RESTORE", "MERGE").contains(action)) {
            changeLog.changedWithContacts(customerId);
        } else {
            changeLog.changed(entityType, entityId, customerId);
        }
    }

    /** The history entry alone; the caller writes the change feed's rows. */
    void writeHistory(UUID customerId, String entityType, UUID entityId, String action, String reason, Caller caller,
            Map<String, Object> before, Map<String, Object> after) {
        HistoryEntry entry = new HistoryEntry();
        entry.customerId = customerId;
        entry.entityType = entityType;
        entry.entityId = entityId;
        entry.action = action;
        entry.actor = caller.login();
        entry.at = Audited.now();
        entry.reason = reason;
        entry.changes = Changes.between(before, after);
        em.persist(entry);
    }

    private static void apply(Customer customer, CustomerRequest request) {
        customer.name = request.name().strip();
        customer.creditCode = request.creditCode() == null ? null : request.creditCode().strip().toUpperCase(Locale.ROOT);
        customer.phones = cleaned(request.phones());
        customer.emails = cleaned(request.emails()).stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        customer.website = blankToNull(request.website());
        customer.industry = blankToNull(request.industry());
        customer.companySize = request.companySize();
        customer.province = blankToNull(request.province());
        customer.city = blankToNull(request.city());
        customer.address = blankToNull(request.address());
        customer.source = blankToNull(request.source());
        customer.status = request.status();
        customer.expectedSignDate = request.expectedSignDate();
        customer.tags = cleaned(request.tags());
        customer.notes = blankToNull(request.notes());
        customer.refreshSearchText();
    }

    /** Trimmed, without duplicates, in the client's order. */
    static List<String> cleaned(List<String> values) {
        if (values == null) {
            return new ArrayList<>();
        }
        return new ArrayList<>(new LinkedHashSet<>(values.stream().map(String::strip).toList()));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static CustomerRepository.Filter filterOf(CustomerQuery query, Caller caller, Grade.Window window) {
        UUID ownerKey = null;
        if (query.ownerId != null) {
            ownerKey = switch (query.ownerId) {
                case "pool" -> Visibility.POOL;
                case "me" -> {
                    if (caller.userId() == null) {
                        throw ProblemException.invalid("ownerId", "'me' needs a user record, and this login has none");
                    }
                    yield caller.userId();
                }
                default -> Ids.parse("ownerId", query.ownerId);
            };
        }
        Customer.Status status = null;
        if (query.status != null) {
            try {
                status = Customer.Status.valueOf(query.status);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "must be one of LEAD, PROSPECT, SIGNED, LOST");
            }
        }
        Instant updatedSince = Dates.parseInstant("updatedSince", query.updatedSince);
        boolean includeArchived = false;
        if (query.includeArchived != null) {
            if (!query.includeArchived.equals("true") && !query.includeArchived.equals("false")) {
                throw ProblemException.invalid("includeArchived", "must be true or false");
            }
            includeArchived = Boolean.parseBoolean(query.includeArchived);
        }
        return new CustomerRepository.Filter(searchPattern(query.q), ownerKey, status, query.city, query.industry,
                query.tag, updatedSince, includeArchived, gradesOf(query.grade), window);
    }

    /** A LIKE pattern over search_text: phone-like input matches digits, anything else the lower-cased name. */
    static String searchPattern(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String text = q.strip();
        String term = text.matches("[+0-9 ()\\-]*[0-9]{3,}[+0-9 ()\\-]*") ? Customer.digits(text) : text.toLowerCase(Locale.ROOT);
        String escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
