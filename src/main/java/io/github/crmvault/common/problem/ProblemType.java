package io.github.crmvault.common.problem;

/** The stable problem types of the API. Clients switch on {@link #uri()}. */
public enum ProblemType {
    VALIDATION(400, "Invalid request"),
    MALFORMED_BODY(400, "Malformed request body"),
    /** A change-feed cursor issued while the login had other roles: the client must sync again from scratch. */
    FEED_RESYNC_REQUIRED(400, "Change feed must start again"),
    /** A request line that is not a URI, such as a broken percent-escape or percent-escapes that are not UTF-8. */
    MALFORMED_URI(400, "Malformed request URI"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    UNKNOWN_USER(403, "Unknown or deactivated user"),
    /** A bulk export by a caller whose roles do not hold the export permission (crm.export.roles). */
    EXPORT_NOT_PERMITTED(403, "Export not permitted"),
    /** An integration token whose scope claim lacks the scope the request needs (contacts:read). */
    INSUFFICIENT_SCOPE(403, "Insufficient scope"),
    /** A claim or export by a user an admin marked as leaving (leavingOn): they keep working their customers only. */
    USER_LEAVING(403, "User leaving"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    /** The request body did not arrive in time (a slow or stalled sender). */
    REQUEST_TIMEOUT(408, "Request timeout"),
    CONFLICT(409, "Conflict"),
    /** A write to a contact whose personal data was erased: erasure is final. */
    CONTACT_ERASED(409, "Contact erased"),
    /** A visit past its edit window: the record is evidence now. */
    VISIT_LOCKED(409, "Visit locked"),
    /** A client-supplied id that already names a different record. */
    ID_IN_USE(409, "Id already in use"),
    IDEMPOTENCY_KEY_IN_PROGRESS(409, "Idempotency key in use by a running request"),
    /** A claim of a customer that has an owner. */
    CUSTOMER_OWNED(409, "Customer already has an owner"),
    /** A release of a customer that is in the public pool already. */
    CUSTOMER_IN_POOL(409, "Customer in the public pool"),
    /** A claim beyond the most customers a rep may hold; carries {@code limit} and {@code held}. */
    CLAIM_LIMIT_REACHED(409, "Claim limit reached"),
    /** A claim of a customer the rep released or lost too recently; carries {@code claimableAt}. */
    CLAIM_COOL_DOWN(409, "Claim cool-down"),
    /** Deactivating a user who still owns customers: they must be handed over first; carries {@code customers}. */
    USER_OWNS_CUSTOMERS(409, "User still owns customers"),
    /** The company is already a live customer, or one with a similar name is; carries {@code decision} and {@code conflicts}. */
    DUPLICATE_CUSTOMER(409, "Duplicate customer"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    /** A visit note shorter than the configured minimum; carries {@code minimum} and {@code actual}. */
    NOTE_TOO_SHORT(422, "Visit note too short"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused for a different request"),
    PRECONDITION_REQUIRED(428, "Precondition required"),
    /**
     * A read of contacts in full of one more distinct customer than a user may read so in a company
     * day (crm.personal-data.daily-ceiling); carries {@code ceiling}, {@code day} and Retry-After.
     */
    PERSONAL_DATA_CEILING(429, "Daily ceiling of personal data reads reached"),
    /** The caller already runs as much long work (exports, reports) as one caller may; carries Retry-After. */
    CALLER_BUSY(429, "Too much long work at once"),
    /** The caller (or, without a valid token, the client address) used its budget of requests of a class; carries Retry-After. */
    RATE_LIMITED(429, "Too many requests"),
    HEADERS_TOO_LARGE(431, "Request header fields too large"),
    INTERNAL(500, "Internal error"),
    /** The database cannot be reached, the instance is full of long work, or it is shutting down; carries Retry-After. */
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:problem:crm:" + name().toLowerCase().replace('_', '-');
    }

    public Problem problem(String detail) {
        return new Problem(uri(), title, status, detail, null);
    }
}
