package io.github.crmvault.customer;

import io.github.crmvault.common.audit.FieldChange;
import io.github.crmvault.common.security.PersonalData;
import io.github.crmvault.customer.Contact.DecisionRole;
import io.github.crmvault.customer.Customer.CompanySize;
import io.github.crmvault.customer.Customer.Status;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of customers, contacts and their history. Server-owned fields are response-only. */
public final class CustomerDtos {
    public static final String PHONE = "^\\+?[0-9][0-9 ()\\-]{2,29}$";
    public static final String PHONE_MESSAGE = "must be a phone number: digits, optionally a leading +, spaces, dashes, brackets";
    /** Refuses what a masked value looks like, so a masked read sent back can never overwrite the full value. */
    static final String NOT_MASKED = "^(?![\\s\\S]*\\*\\*\\*)[\\s\\S]*$";
    static final String NOT_MASKED_MESSAGE = "must not contain *** (a masked value is never written back)";
    static final String MASKED = "True when phones, email and messagingId are masked: the caller (a rep or manager) "
            + "neither owns the customer nor manages its owner, as for every customer in the public pool. Claiming the "
            + "customer reveals them; admins and integration always see them in full. Masked values are never "
            + "accepted back: a write with *** in email or messagingId is refused, and * is no phone character";

    /** What an erased contact's name becomes, and each erased value in its history. */
    public static final String ERASED_MARKER = "[erased]";
    static final String ERASED = "True once an admin erased the person's data (POST .../erase): the name is "
            + ERASED_MARKER + ", title, email and messagingId are absent and phones is empty, for good; the "
            + "contact's history keeps its entries with those values replaced by " + ERASED_MARKER
            + ", and the contact can no longer be changed";

    private CustomerDtos() {
    }

    @Schema(name = "CustomerRequest", description = "The client-owned fields of a customer. PUT replaces all of them: "
            + "an omitted field is cleared. Owner, version and audit fields are set by the server and rejected here.")
    record CustomerRequest(
            @NotBlank @Size(max = 200) @Schema(required = true, examples = "杭州云栖科技有限公司") String name,
            @CreditCode @Schema(examples = "91330106MA2B0XXX00", minLength = 18, maxLength = 18,
                    pattern = CreditCode.PATTERN, description = "18 characters of 0-9 and A-Z without I, O, Z, S, V (case "
                    + "does not matter), the last the GB 32100-2015 check character")
            String creditCode,
            @Size(max = 10) List<@NotBlank @Pattern(regexp = PHONE, message = PHONE_MESSAGE) String> phones,
            @Size(max = 10) List<@NotBlank @Email @Size(max = 254) String> emails,
            @Size(max = 500) @Schema(examples = "https://www.example.cn") String website,
            @Size(max = 100) @Schema(examples = "SaaS") String industry,
            @Schema(description = "MICRO <10, SMALL <50, MEDIUM <250, LARGE <1000, ENTERPRISE 1000+ employees")
            CompanySize companySize,
            @Size(max = 50) @Schema(examples = "浙江省") String province,
            @Size(max = 50) @Schema(examples = "杭州市") String city,
            @Size(max = 500) String address,
            @Size(max = 100) @Schema(examples = "trade show") String source,
            @NotNull @Schema(required = true, description = "LEAD, PROSPECT or LOST. SIGNED comes from deals only: a"
                    + " customer is SIGNED exactly while it has a live deal, so sending SIGNED for another customer, or"
                    + " another status for a SIGNED one, is a 400 naming status (sending SIGNED back unchanged is fine)")
            Status status,
            @Schema(description = "When the customer is expected to sign") LocalDate expectedSignDate,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            @Size(max = 10000) String notes) {
        /** The customer's fields as a PUT would send them back: what a merge patch changes. */
        static CustomerRequest of(Customer c) {
            return new CustomerRequest(c.name, c.creditCode, c.phones, c.emails, c.website, c.industry, c.companySize,
                    c.province, c.city, c.address, c.source, c.status, c.expectedSignDate, c.tags, c.notes);
        }
    }

    @Schema(name = "Customer")
    public record CustomerResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) String name,
            String creditCode,
            @Schema(required = true) List<String> phones,
            @Schema(required = true) List<String> emails,
            String website,
            String industry,
            CompanySize companySize,
            String province,
            String city,
            String address,
            String source,
            @Schema(required = true) Status status,
            LocalDate expectedSignDate,
            @Schema(required = true, readOnly = true, description = "A, B or C by expectedSignDate and today's date in "
                    + "the company's time zone, with the thresholds of GET /api/v1/settings: A when due within the A "
                    + "window (overdue dates too: they are the most urgent), B within the B window, C later or without "
                    + "a date. Derived on every read, never stored, so it moves as days pass")
            Grade grade,
            @Schema(required = true) List<String> tags,
            String notes,
            @Schema(description = "The owning rep; absent when the customer is in the public pool") UUID ownerId,
            @Schema(description = "When the current owner got the customer; absent in the pool") Instant claimedAt,
            @Schema(description = "When the customer returns to the public pool unless an effective visit extends "
                    + "the protection; absent in the pool") Instant protectedUntil,
            @Schema(description = "On an archived duplicate: the customer it was merged into") UUID mergedIntoId,
            @Schema(required = true) boolean archived,
            @Schema(required = true, description = "Also the ETag") long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy) {
        static CustomerResponse of(Customer c, Grade.Window window) {
            return new CustomerResponse(c.id, c.name, c.creditCode, c.phones, c.emails, c.website, c.industry,
                    c.companySize, c.province, c.city, c.address, c.source, c.status, c.expectedSignDate,
                    window.of(c.expectedSignDate), c.tags,
                    c.notes, c.ownerId, c.claimedAt, c.protectedUntil, c.mergedIntoId, c.archived, c.version, c.createdAt, c.createdBy, c.updatedAt, c.updatedBy);
        }
    }

    @Schema(name = "ContactRequest", description = "The client-owned fields of a contact; PUT replaces all of them")
    record ContactRequest(
            @NotBlank @Size(max = 100) @Schema(required = true, examples = "王芳") String name,
            @Size(max = 100) @Schema(examples = "采购总监") String title,
            @Size(max = 10) List<@NotBlank @Pattern(regexp = PHONE, message = PHONE_MESSAGE) String> phones,
            @Email @Size(max = 254) @Pattern(regexp = NOT_MASKED, message = NOT_MASKED_MESSAGE)
            @Schema(format = "email", description = "Never a masked value: one with " + PersonalData.MASK + " is refused") String email,
            @Size(max = 100) @Pattern(regexp = NOT_MASKED, message = NOT_MASKED_MESSAGE)
            @Schema(description = "WeChat or other messaging id; never a masked value: one with " + PersonalData.MASK
                    + " is refused") String messagingId,
            DecisionRole decisionRole,
            @Schema(description = "Can this person decide (拍板)? Defaults to true when decisionRole is DECISION_MAKER")
            Boolean decisionMaker) {
        /** The contact's fields as a PUT would send them back: what a merge patch changes. */
        static ContactRequest of(Contact c) {
            return new ContactRequest(c.name, c.title, c.phones, c.email, c.messagingId, c.decisionRole, c.decisionMaker);
        }
    }

    @Schema(name = "Contact")
    public record ContactResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) UUID customerId,
            @Schema(required = true) String name,
            String title,
            @Schema(required = true, description = "Masked when masked is true: each number keeps its punctuation and, "
                    + "of its digits, the first 3 and the last 4 when it has 11 or more (138****8000, 057*-****6666), "
                    + "the last 2 when it has 6 to 10 (****-**66), none when fewer")
            List<String> phones,
            @Schema(description = "Masked when masked is true: the first character of the local part, then ***, then "
                    + "the domain (z***@example.cn); *** alone for a one-character local part")
            String email,
            @Schema(description = "WeChat or other messaging id. Masked when masked is true: the first character, then "
                    + "*** (w***); *** alone for a one-character id")
            String messagingId,
            DecisionRole decisionRole,
            @Schema(required = true) boolean decisionMaker,
            @Schema(required = true) boolean archived,
            @Schema(required = true) long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy,
            @Schema(required = true, description = MASKED) boolean masked,
            @Schema(required = true, description = ERASED) boolean erased,
            @Schema(description = "When the person's data was erased; absent unless erased is true") Instant erasedAt) {
        static ContactResponse of(Contact c, boolean full) {
            return new ContactResponse(c.id, c.customerId, c.name, c.title,
                    full ? c.phones : PersonalData.phones(c.phones),
                    full ? c.email : PersonalData.email(c.email),
                    full ? c.messagingId : PersonalData.handle(c.messagingId),
                    c.decisionRole, c.decisionMaker, c.archived, c.version, c.createdAt, c.createdBy, c.updatedAt,
                    c.updatedBy, !full, c.erased(), c.erasedAt);
        }
    }

    @Schema(name = "EraseRequest", description = "Why the person's data is erased (e.g. the person's request under "
            + "PIPL art. 47 / GDPR art. 17); kept in the ERASE history entry")
    record EraseRequest(@NotBlank @Size(max = 500) @Schema(required = true, examples = "本人要求删除个人信息 (ticket 4711)")
            String reason) {
    }

    @Schema(name = "ContactPersonalData", description = "Everything the CRM holds about one contact person, for a "
            + "subject access request: the contact in full, every history entry of the contact (oldest first) and "
            + "every visit that met them")
    record PersonalDataResponse(
            @Schema(required = true) ContactResponse contact,
            @Schema(required = true) List<HistoryEntryResponse> history,
            @Schema(required = true, description = "The visits that name the contact among the people met, oldest "
                    + "first; their notes are free text written by reps and may mention the person")
            List<MetVisit> visits) {
    }

    @Schema(name = "MetVisit", description = "A visit that met the contact")
    record MetVisit(
            @Schema(required = true) UUID id,
            @Schema(required = true) Instant visitedAt,
            @Schema(required = true) String channel,
            @Schema(required = true) String notes,
            String outcome,
            String nextStep) {
    }

    @Schema(name = "HistoryEntry", description = "One recorded change: who, when, and each field's old and new value")
    record HistoryEntryResponse(
            @Schema(required = true) long id,
            @Schema(required = true, enumeration = {"CUSTOMER", "CONTACT", "VISIT", "REVIEW", "DEAL"}) String entityType,
            @Schema(required = true) UUID entityId,
            @Schema(required = true, enumeration = {"CREATE", "UPDATE", "ARCHIVE", "RESTORE", "CLAIM", "RELEASE",
                    "RECALL", "TRANSFER", "HANDOVER", "MERGE", "CANCEL", "ERASE"}) String action,
            @Schema(required = true, description = "Login of the person who made the change; \"system\" for a recall")
            String actor,
            @Schema(required = true) Instant at,
            @Schema(description = "The reason given for an owner change, a deal's cancellation or a contact's erasure; on a status change made by a deal, which deal") String reason,
            @Schema(required = true, description = "Each field's old and new value. On a CONTACT entry with masked "
                    + "true, the values of phones, email and messagingId are masked as on the Contact. On an erased "
                    + "contact's entries, every value of name, title, phones, email and messagingId that was "
                    + "not null or empty is " + ERASED_MARKER + "; the ERASE entry itself has no changes")
            List<FieldChange> changes,
            @Schema(required = true, description = "True on a CONTACT entry of a customer whose contacts the caller "
                    + "sees masked (see Contact.masked); false on every other entry") boolean masked) {
        /** The entry as the caller sees it: contact changes masked unless the caller sees the customer's contacts in full. */
        static HistoryEntryResponse of(HistoryEntry e, boolean contactsInFull) {
            boolean masked = !contactsInFull && "CONTACT".equals(e.entityType);
            List<FieldChange> changes = masked ? e.changes.stream().map(CustomerDtos::masked).toList() : e.changes;
            return new HistoryEntryResponse(e.id, e.entityType, e.entityId, e.action, e.actor, e.at, e.reason, changes,
                    masked);
        }
    }

    /** A contact field's change with the personal data in it masked: phones, email, messagingId. */
    private static FieldChange masked(FieldChange change) {
        return switch (change.field()) {
            case "phones" -> new FieldChange("phones", maskedPhones(change.oldValue()), maskedPhones(change.newValue()));
            case "email" -> new FieldChange("email", maskedText(change.oldValue(), PersonalData::email),
                    maskedText(change.newValue(), PersonalData::email));
            case "messagingId" -> new FieldChange("messagingId", maskedText(change.oldValue(), PersonalData::handle),
                    maskedText(change.newValue(), PersonalData::handle));
            default -> change;
        };
    }

    private static Object maskedPhones(Object value) {
        return value instanceof List<?> phones ? phones.stream().map(p -> PersonalData.phone(String.valueOf(p))).toList() : value;
    }

    private static Object maskedText(Object value, UnaryOperator<String> mask) {
        return value instanceof String text ? mask.apply(text) : value;
    }
}
