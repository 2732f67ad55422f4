package io.github.crmvault.common.security;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The in-process cache of resolved callers (README, "Configuration"; {@link OrgCache}): kept fresh by a
 * LISTEN on the organisation's changes, and checked against the organisation's version every
 * {@code heartbeat}, so that a change whose notification was lost is served stale for at most two beats.
 */
@ConfigMapping(prefix = "crm.org-cache")
public interface OrgCacheSettings {
    /** Off: every request resolves its caller from the database, and no listener connection is opened. */
    boolean enabled();

    /** Callers kept (login and manager role); past it the cache starts again empty. */
    @Min(1)
    int maxEntries();

    /** How often the listener reads the organisation's version, whatever notifications say. */
    Duration heartbeat();
}
