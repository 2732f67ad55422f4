package io.github.crmvault.common.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers this instance resolved ({@link CallerContext}), each tagged with the organisation's version
 * (V28: table {@code org_version}, moved by triggers on every change to what a resolution reads, with a
 * NOTIFY on channel {@code crm_org}) that its resolution read in the same snapshot. An entry serves only
 * while it carries exactly the version the {@link OrgListener} last saw, so on every instance:
 * <ul>
 * <li>a change made through this instance's org endpoints is seen by its very next request (the write
 * raises a floor the listener's version must reach before anything is served, see {@link #trackWrite});
 * <li>a change made anywhere else (another instance, plain SQL) is seen as soon as its notification
 * arrives, milliseconds on a LAN;
 * <li>a notification lost any other way is caught by the listener's heartbeat read of the version, and a
 * listener that stops confirming the version (a dead or hung connection) stops the cache: nothing is
 * served more than two heartbeats after the last confirmation, so no stale view outlives two beats.
 * </ul>
 * While the listener is not connected (start-up, a dropped connection) nothing is served and callers are
 * resolved from the database as without the cache. Unknown logins are never cached.
 */
@Singleton
public class OrgCache {
    /** No version known: the listener is not connected, nothing serves. */
    static final long UNKNOWN = -1;

    /** The user row a login resolved to (null id: no such user), and, for managers, the users they manage. */
    public record Resolved(long version, UUID userId, boolean active, LocalDate leavingOn, List<UUID> managed) {
    }

    private record Key(String login, boolean manager) {
    }

    private final Map<Key, Resolved> entries = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final int maxEntries;
    private final long heartbeatNanos;

    /** The newest version the listener saw; {@link #UNKNOWN} while it is not connected. */
    private volatile long version = UNKNOWN;
    /** The version this instance's own org writes committed: nothing serves before the listener reaches it. */
    private volatile long floor = UNKNOWN;
    /** System.nanoTime() past which nothing serves, unless the listener confirms the version again. */
    private volatile long confirmedUntil;

    @Inject
    EntityManager em;
    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    public OrgCache(OrgCacheSettings settings) {
        this(settings.enabled(), settings.maxEntries(), settings.heartbeat().toNanos());
    }

    OrgCache(boolean enabled, int maxEntries, long heartbeatNanos) {
        this.enabled = enabled;
        this.maxEntries = maxEntries;
        this.heartbeatNanos = heartbeatNanos;
    }

    boolean enabled() {
        return enabled;
    }

    /** The entry for the login, only if the cache is live and the entry is at the listener's version. */
    Resolved get(String login, boolean manager) {
        long current = version;
        if (current == UNKNOWN || current < floor || System.nanoTime() - confirmedUntil > 0) {
            return null;
        }
        Resolved entry = entries.get(new Key(login, manager));
        return entry != null && entry.version() == current ? entry : null;
    }

    /**
     * Keeps a resolution of a known login read at exactly the listener's version: one read at an older
     * version (a snapshot taken before a change the listener already saw) or a newer one (a change whose
     * notification is on its way) is not kept.
     */
    synchronized void put(String login, boolean manager, Resolved resolved) {
        if (resolved.userId() == null || resolved.version() != version || version < floor) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(new Key(login, manager), resolved);
    }

    /** The listener saw {@code seen} (a notification or a heartbeat read): entries of older versions go. */
    synchronized void seen(long seen) {
        if (seen > version) {
            version = seen;
            entries.clear();
        }
    }

    /**
     * The listener read {@code current} on its connection: the cache serves until two heartbeats after the
     * read began. The read follows every notification the listener handled, so it is never older than
     * they are: a different version (even a lower one: a restored database) is the truth.
     */
    synchronized void confirmed(long current, long readAtNanos) {
        if (current != version) {
            version = current;
            entries.clear();
        }
        confirmedUntil = readAtNanos + 2 * heartbeatNanos;
    }

    /** The listener (re)connected and read {@code current}: everything resolved before goes. */
    synchronized void connected(long current, long readAtNanos) {
        entries.clear();
        version = current;
        if (current < floor) {
            floor = UNKNOWN; // the database's version went back (a restore): no write of ours can be ahead of it
        }
        confirmedUntil = readAtNanos + 2 * heartbeatNanos;
    }

    /** The listener lost its connection: nothing serves until it is back. */
    synchronized void disconnected() {
        version = UNKNOWN;
        entries.clear();
    }

    boolean live() {
        return version != UNKNOWN;
    }

    synchronized void raiseFloor(long written) {
        if (written > floor) {
            floor = written;
        }
    }

    int size() {
        return entries.size();
    }

    /**
     * Call in an org write's transaction, after its last change to users or teams: once it commits, this
     * instance serves no caller resolved before it, without waiting for the notification. One statement,
     * which reads the version this transaction moved (it holds the row's lock, so that is what commits).
     */
    public void trackWrite() {
        if (!enabled) {
            return;
        }
        em.flush();
        long written = ((Number) em.createNativeQuery("SELECT version FROM org_version").getSingleResult()).longValue();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    raiseFloor(written);
                }
            }
        });
    }
}
