package io.github.crmvault.common.security;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated person behind a request.
 *
 * @param userId null only for an admin token whose login has no user row yet (bootstrap)
 * @param managedUserIds for managers, every other user in the team subtrees they manage; empty otherwise
 */
public record Caller(String login, Set<String> roles, UUID userId, Visibility visibility, List<UUID> managedUserIds) {

    public Caller(String login, Set<String> roles, UUID userId, Visibility visibility) {
        this(login, roles, userId, visibility, List.of());
    }

    public Caller {
        managedUserIds = managedUserIds == null ? List.of() : List.copyOf(managedUserIds);
    }

    /** Is the user one this caller manages (a member of a team subtree they manage, not themselves)? */
    public boolean manages(UUID user) {
        return isManager() && user != null && managedUserIds.contains(user);
    }

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
