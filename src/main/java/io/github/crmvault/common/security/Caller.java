package io.github.crmvault.common.security;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated person behind a request.
 *
 * @param userId null only for an admin token whose login has no user row yet (bootstrap)
 * @param managedUserIds for managers, every other user in the team subtrees they manage; empty otherwise
 * @param scopes the token's OAuth-style {@code scope} claim, split on spaces; null when the token has none
 * @param leavingOn the company day the user leaves, set by an admin; null when they are not leaving
 */
public record Caller(String login, Set<String> roles, UUID userId, Visibility visibility, List<UUID> managedUserIds,
        Set<String> scopes, LocalDate leavingOn) {
    /** Lets an integrator read contacts' personal data (see {@link #hasScope}). */
    public static final String CONTACTS_READ = "contacts:read";

    public Caller(String login, Set<String> roles, UUID userId, Visibility visibility) {
        this(login, roles, userId, visibility, List.of(), null, null);
    }

    public Caller(String login, Set<String> roles, UUID userId, Visibility visibility, List<UUID> managedUserIds) {
        this(login, roles, userId, visibility, managedUserIds, null, null);
    }

    public Caller {
        managedUserIds = managedUserIds == null ? List.of() : List.copyOf(managedUserIds);
        scopes = scopes == null ? null : Set.copyOf(scopes);
    }

    /**
     * Does the caller hold the scope? Scopes narrow integration tokens only (least privilege for
     * integrators): people's tokens are governed by their roles, and an integration token without a
     * {@code scope} claim holds every scope, as before scopes existed.
     */
    public boolean hasScope(String scope) {
        return scopes == null || !roles.contains(Roles.INTEGRATION) || scopes.contains(scope);
    }

    /** Is the user one this caller manages (a member of a team subtree they manage, not themselves)? */
    public boolean manages(UUID user) {
        return isManager() && user != null && managedUserIds.contains(user);
    }

    /**
     * May this caller change what belongs to {@code owner} (null: the public pool)? The one write rule:
     * an admin changes anything; anyone else what they own and what the people they manage own, never
     * the pool. Judged on ownership and management alone, never on {@link #visibility()}: the
     * integration role's sight of everything must not widen what a rep or manager may change.
     */
    public boolean mayChange(UUID owner) {
        return isAdmin() || (owner != null && (owner.equals(userId) || manages(owner)));
    }

    /**
     * Marked as leaving: effective from the moment an admin sets the date, not from the date itself, so
     * the last weeks are covered (no claims, no exports, contacts masked but on customers visited today).
     */
    public boolean isLeaving() {
        return leavingOn != null;
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
