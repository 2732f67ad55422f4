package io.github.crmvault.common.security;

import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The callers this instance resolved ({@link CallerContext}), each tagged with the organisation's version
 * (V28) it was read at. An entry serves a request only when the version that request read is the same:
 * every committed change to what a resolution reads moves the version, so a hit is exactly what a new
 * read would return, on every instance, from the very next request on. Requests that read no version
 * (rate limits off, a refusal decided locally, the rate-limit store away) resolve from the database.
 */
@ApplicationScoped
public class OrgCache {
    /** The routing-context entry in which the rate limiter leaves the version its statement read. */
    public static final String REQUEST_VERSION = "crm.org-version";
    static final int MAX_ENTRIES = 10_000;

    /** The user row a login resolved to (null id: no such user), and, for managers, the users they manage. */
    record Resolved(long version, UUID userId, boolean active, LocalDate leavingOn, List<UUID> managed) {
    }

    private record Key(String login, boolean manager) {
    }

    /** In insertion order, so the eldest entry goes first once the cache is full. */
    private final Map<Key, Resolved> entries = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Resolved> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private long newest;

    /** The version the rate limiter read for this request, or null when it read none. */
    public static Long versionRead(RoutingContext request) {
        return request == null ? null : request.get(REQUEST_VERSION);
    }

    /** The entry for the login, only if it was read at exactly {@code version}. */
    synchronized Resolved get(String login, boolean manager, long version) {
        Resolved entry = entries.get(new Key(login, manager));
        return entry != null && entry.version() == version ? entry : null;
    }

    /**
     * Serving compares versions for equality only (they are unique, not strictly in commit order), so the
     * last read put wins; an older one costs a later request a read, never a stale view. A newer version
     * means the organisation changed: entries of other versions can never serve again and are dropped
     * (what a LISTEN on the triggers' changes would do, without a connection of its own).
     */
    synchronized void put(String login, boolean manager, Resolved resolved) {
        if (resolved.version() > newest) {
            newest = resolved.version();
            entries.values().removeIf(entry -> entry.version() != newest);
        }
        Key key = new Key(login, manager);
        entries.remove(key);
        entries.put(key, resolved);
    }

    synchronized int size() {
        return entries.size();
    }
}
