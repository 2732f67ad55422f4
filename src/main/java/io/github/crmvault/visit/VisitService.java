package io.github.crmvault.visit;

import io.agroal.api.AgroalDataSource;
import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.customer.CustomerAccess;
import io.github.crmvault.customer.CustomerAccess.CustomerView;
import io.github.crmvault.settings.CrmSettings;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import io.github.crmvault.visit.VisitDtos.VisitRequest;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The rules of visits: written by a user who may change the customer, checked against the note
 * minimum, scored by {@link VisitQuality}, corrected only by the author within the edit window,
 * audited into the customer's history. Visits follow the customer: whoever sees it sees them.
 */
@ApplicationScoped
class VisitService {
    /** The visit, and whether this request stored it (false: a retry answered with the stored visit). */
    record Created(Visit visit, boolean created) {
    }

    @Inject
    CustomerAccess customers;
    @Inject
    CallerContext callers;
    @Inject
    EntityManager em;
    /** Inside a transaction Agroal hands out the transaction's own connection, Hibernate's included. */
    @Inject
    AgroalDataSource dataSource;
    @Inject
    CrmSettings settings;
    @Inject
    VisitRepository visits;
    @Inject
    Event<EffectiveVisit> effectiveVisits;
    @Inject
    WebhookOutbox webhooks;

    VisitResponse response(Visit visit) {
        return VisitResponse.of(visit, settings.visit().editWindow());
    }

    /**
     * Creates the visit, or answers a retry. The primary key decides between concurrent requests
     * with the same id: the losers' inserts fail, and they compare their content with the winner's.
     */
    Created create(UUID customerId, VisitRequest request) {
        UUID id = request.id() == null ? UUID.randomUUID() : request.id();
        try {
            return QuarkusTransaction.requiringNew().call(() -> insertOrReplay(customerId, id, request));
        } catch (RuntimeException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return QuarkusTransaction.requiringNew().call(() -> insertOrReplay(customerId, id, request));
        }
    }

    /**
     * One statement ({@link VisitCreation}) looks and, when every check passes, writes; the answer is
     * decided from what it returns, in the order the rules were always checked: 404 unseen, 403 not the
     * caller's to change, 403 no user, the retry's answer or 409 id in use, the field checks, 400 not the
     * customer's contacts, 409 archived, 422 note too short. Webhooks cost a round trip only when a
     * subscription wants the event.
     */
    private Created insertOrReplay(UUID customerId, UUID id, VisitRequest request) {
        Caller caller = callers.current();
        Visit visit = new Visit();
        visit.id = id;
        visit.customerId = customerId;
        visit.authorId = caller.userId();
        visit.contentHash = contentHash(customerId, request);
        apply(visit, request);
        visit.stampCreated(caller.login());
        ProblemException fieldProblem = checkFields(request);
        ProblemException noteProblem = checkNote(request);
        boolean insert = caller.userId() != null && fieldProblem == null && noteProblem == null;
        String changes = insert ? customers.historyChanges(null, visit.snapshot()) : null;
        java.time.Instant until = EffectiveVisit.protectedUntil(visit.visitedAt, settings.claim().protectionDays());
        VisitCreation.Outcome outcome = VisitCreation.run(dataSource, caller.visibility(), insert, visit, until, changes);
        if (!outcome.customerFound()) {
            throw ProblemException.notFound("Customer " + customerId);
        }
        customers.requireWritable(outcome.ownerId());
        if (caller.userId() == null) {
            throw ProblemException.forbidden("Visits are written by users; this admin login has no user record");
        }
        if (outcome.existingCustomerId() != null) {
            if (outcome.existingCustomerId().equals(customerId) && outcome.existingAuthorId().equals(caller.userId())
                    && outcome.existingHash().equals(visit.contentHash)) {
                return new Created(em.find(Visit.class, id), false);
            }
            throw new ProblemException(ProblemType.ID_IN_USE, "A visit with id " + id
                    + " already exists with other content; a new visit needs a new id");
        }
        if (fieldProblem != null) {
            throw fieldProblem;
        }
        CustomerAccess.requireAllFound(visit.contactIds, outcome.foundContacts(), "contactIds");
        if (outcome.archived()) {
            throw archived();
        }
        if (noteProblem != null) {
            throw noteProblem;
        }
        if (!outcome.inserted()) {
            throw new IllegalStateException("Visit " + id + " passed every check but was not stored");
        }
        if (outcome.webhooksWanted()) {
            // The contacts met, as each subscriber may see them.
            webhooks.publishAsSeen(EventType.VISIT_CREATED, customerId, sight -> WebhookOutbox.data("visitId", visit.id,
                    "customerId", customerId, "visit", response(visit),
                    "contacts", customers.contactsAsSeen(customerId, outcome.ownerId(), visit.contactIds, sight)));
        }
        return new Created(visit, true);
    }

    Visit get(UUID id) {
        return visits.findVisible(id);
    }

    @Transactional
    Visit update(UUID id, String ifMatch, VisitRequest request) {
        return update(id, ifMatch, current -> request);
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    Visit update(UUID id, String ifMatch, UnaryOperator<VisitRequest> change) {
        Caller caller = callers.current();
        Visit visit = visits.findVisible(id);
        if (caller.userId() == null || !visit.authorId.equals(caller.userId())) {
            throw ProblemException.forbidden("Only the author may correct a visit; managers review records, they never edit them");
        }
        CustomerView customer = customers.writable(visit.customerId);
        Preconditions.checkVersion(ifMatch, visit.version);
        Instant lockedAt = visit.createdAt.plus(settings.visit().editWindow());
        if (!Audited.now().isBefore(lockedAt)) {
            throw new ProblemException(ProblemType.VISIT_LOCKED, "The visit was locked at " + lockedAt
                    + ": a record may be corrected for " + describe(settings.visit().editWindow())
                    + " after it was written, then it is evidence");
        }
        VisitRequest request = change.apply(VisitRequest.of(visit));
        if (request.id() != null && !request.id().equals(id)) {
            throw ProblemException.invalid("id", "must be absent or the visit's own id");
        }
        validate(customer, request);
        Map<String, Object> before = visit.snapshot();
        apply(visit, request);
        Map<String, Object> after = visit.snapshot();
        if (!after.equals(before)) {
            visit.stampUpdated(caller.login());
            em.flush();
            customers.record(visit.customerId, "VISIT", visit.id, "UPDATE", caller, before, after);
            announceIfEffective(visit);
        }
        return visit;
    }

    private void announceIfEffective(Visit visit) {
        if (visit.effective) {
            effectiveVisits.fire(new EffectiveVisit(visit.id, visit.customerId, visit.visitedAt));
        }
    }

    Page<VisitResponse> listOfCustomer(UUID customerId, String cursor, int limit) {
        customers.visible(customerId);
        List<Visit> rows = visits.ofCustomer(customerId, Cursor.decode(cursor), limit + 1);
        return Page.of(rows, limit, this::response, v -> new Cursor(v.visitedAt, v.id).encode());
    }

    /**
     * Without q, the caller's own visits; with q, every visit of a customer the caller can see whose
     * note contains all terms, with its highlight. Both newest first, within the optional days.
     */
    Page<VisitResponse> list(String q, LocalDate from, LocalDate to, String cursor, int limit) {
        Caller caller = callers.current();
        NoteSearch search = q == null ? null : NoteSearch.parse(q);
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        Cursor after = Cursor.decode(cursor);
        Instant start = from == null ? null : from.atStartOfDay(settings.timeZone()).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(settings.timeZone()).toInstant();
        if (search != null) {
            List<Visit> rows = visits.search(caller, search, start, end, after, limit + 1);
            return Page.of(rows, limit, v -> response(v).withHighlight(search.highlight(v.notes)),
                    v -> new Cursor(v.visitedAt, v.id).encode());
        }
        if (caller.userId() == null) {
            // A bootstrap admin without a user record has written no visits.
            return new Page<>(List.of(), null);
        }
        List<Visit> rows = visits.ofAuthor(caller, start, end, after, limit + 1);
        return Page.of(rows, limit, this::response, v -> new Cursor(v.visitedAt, v.id).encode());
    }

    /** Checks that need the database or the clock; field formats were checked by bean validation. */
    private void validate(CustomerView customer, VisitRequest request) {
        ProblemException fieldProblem = checkFields(request);
        if (fieldProblem != null) {
            throw fieldProblem;
        }
        customers.requireContactsOf(customer.id(), contactIds(request), "contactIds");
        if (customer.archived()) {
            throw archived();
        }
        ProblemException noteProblem = checkNote(request);
        if (noteProblem != null) {
            throw noteProblem;
        }
    }

    /** The first of the clock and coordinate checks that fails, or null. */
    private ProblemException checkFields(VisitRequest request) {
        if (request.visitedAt().isAfter(Instant.now().plus(settings.visit().futureSkew()))) {
            return ProblemException.invalid("visitedAt", "is in the future; a visit is recorded after it happened");
        }
        if ((request.latitude() == null) != (request.longitude() == null)) {
            return ProblemException.invalid(request.latitude() == null ? "latitude" : "longitude",
                    "latitude and longitude come together");
        }
        return null;
    }

    private static ProblemException archived() {
        return ProblemException.conflict("The customer is archived; restore it before recording visits");
    }

    /** 422 if the note is shorter than the minimum, or null. */
    private ProblemException checkNote(VisitRequest request) {
        VisitQuality quality = VisitQuality.of(settings);
        int length = VisitQuality.noteLength(request.notes());
        if (length < quality.noteMinimum()) {
            return new ProblemException(ProblemType.NOTE_TOO_SHORT, "notes: " + length + " characters; at least "
                    + quality.noteMinimum() + " are required (code points, whitespace not counted)",
                    Map.of("minimum", quality.noteMinimum(), "actual", length));
        }
        return null;
    }

    private void apply(Visit visit, VisitRequest request) {
        visit.contactIds = contactIds(request);
        visit.visitedAt = request.visitedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        visit.channel = request.channel();
        visit.latitude = coordinate(request.latitude());
        visit.longitude = coordinate(request.longitude());
        visit.locationAddress = blankToNull(request.locationAddress());
        visit.notes = request.notes().strip();
        visit.outcome = blankToNull(request.outcome());
        visit.interestLevel = request.interestLevel();
        visit.nextStep = blankToNull(request.nextStep());
        visit.nextStepDate = request.nextStepDate();
        VisitQuality.Assessment assessment = VisitQuality.of(settings)
                .assess(visit.notes, !visit.contactIds.isEmpty(), visit.nextStep, visit.nextStepDate);
        visit.noteLength = assessment.noteLength();
        visit.qualityScore = assessment.qualityScore();
        visit.effective = assessment.effective();
    }

    /** The content a retry must repeat: every client-owned field, normalized as stored. */
    private static String contentHash(UUID customerId, VisitRequest r) {
        List<String> contacts = contactIds(r).stream().map(UUID::toString).sorted().toList();
        List<Object> fields = List.of(String.valueOf(customerId), contacts,
                String.valueOf(r.visitedAt() == null ? null : r.visitedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS)),
                String.valueOf(r.channel()), plain(coordinate(r.latitude())), plain(coordinate(r.longitude())),
                String.valueOf(blankToNull(r.locationAddress())), String.valueOf(r.notes() == null ? null : r.notes().strip()),
                String.valueOf(blankToNull(r.outcome())), String.valueOf(r.interestLevel()),
                String.valueOf(blankToNull(r.nextStep())), String.valueOf(r.nextStepDate()));
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            String text = field.toString();
            canonical.append(text.length()).append(':').append(text).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "24 hours", "90 minutes", "45 seconds". */
    static String describe(java.time.Duration window) {
        if (window.toSeconds() % 3600 == 0) {
            return window.toHours() + " hours";
        }
        return window.toSeconds() % 60 == 0 ? window.toMinutes() + " minutes" : window.toSeconds() + " seconds";
    }

    private static List<UUID> contactIds(VisitRequest request) {
        return request.contactIds() == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(request.contactIds()));
    }

    /** Stored with six decimals (about 0.1 m). */
    private static BigDecimal coordinate(BigDecimal value) {
        return value == null ? null : value.setScale(6, RoundingMode.HALF_UP);
    }

    private static String plain(BigDecimal value) {
        return value == null ? "null" : value.toPlainString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A concurrent insert of the same id won the primary key. */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation
                    && "visit_pkey".equals(violation.getConstraintName())) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    && Objects.toString(sql.getMessage(), "").contains("visit_pkey")) {
                return true;
            }
        }
        return false;
    }
}
