package io.github.crmvault.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Requests per caller and per class of operation (README, "Configuration"): each class allows
 * {@code requests} in each fixed {@code window}, counted in PostgreSQL so every instance sees one count.
 */
@ConfigMapping(prefix = "crm.rate-limit")
public interface RateLimitSettings {
    /** Off: no request is counted and no rate-limit header is sent. */
    boolean enabled();

    /** GET requests, per login. */
    Limit reads();

    /** POST, PUT, PATCH and DELETE requests other than conflict checks, per login. */
    Limit writes();

    /** Conflict checks, per login: each tells who holds a company. */
    Limit conflictChecks();

    /** Requests answered 401 (no token, a forged or expired one), per client address. */
    Limit failedAuth();

    interface Limit {
        @Min(1)
        int requests();

        Duration window();
    }
}
