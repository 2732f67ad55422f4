package io.github.crmvault.common.security;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated person behind a request.
 *
 * @param userId null only for an admin token whose login has no user row yet (bootstrap)
 */
public record Caller(String login, Set<String> roles, UUID userId, Visibility visibility) {

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean isManager() {
        return roles.contains(Roles.MANAGER);
    }

    /** Reps and managers own what they create; a pure admin's customers go to the pool. */
    public boolean ownsWhatItCreates() {
        return userId != null && (roles.contains(Roles.SALES) || roles.contains(Roles.MANAGER));
    }
}
