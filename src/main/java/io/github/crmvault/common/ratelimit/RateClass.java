package io.github.crmvault.common.ratelimit;

/** The classes of operation, each counted against its own budget. */
public enum RateClass {
    READS("reads"), WRITES("writes"), CONFLICT_CHECKS("conflict checks"), FAILED_AUTH("unauthenticated requests");

    private final String description;

    RateClass(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    RateLimitSettings.Limit limit(RateLimitSettings settings) {
        return switch (this) {
            case READS -> settings.reads();
            case WRITES -> settings.writes();
            case CONFLICT_CHECKS -> settings.conflictChecks();
            case FAILED_AUTH -> settings.failedAuth();
        };
    }
}
