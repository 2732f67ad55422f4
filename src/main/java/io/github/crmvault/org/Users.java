package io.github.crmvault.org;

import io.github.crmvault.org.OrgDtos.UserResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;

/**
 * The org package's seam for moves of customers between users (transfers, handovers, merges): a
 * user read under a row lock, and deactivation the way PUT /users/{id} does it. Every method must run
 * inside the caller's transaction.
 */
@ApplicationScoped
public class Users {
    /** What a move of customers needs to know of a user. */
    public record UserState(UUID id, boolean active) {
        static UserState of(AppUser user) {
            return new UserState(user.id, user.active);
        }
    }

    @Inject
    UserRepository users;
    @Inject
    OrgService org;

    /**
     * The user under a shared row lock, for giving them customers: a deactivation locks the row
     * exclusively before it checks what the user owns, so it waits until these customers are theirs.
     */
    public Optional<UserState> lockToReceive(UUID id) {
        return Optional.ofNullable(users.findById(id, LockModeType.PESSIMISTIC_READ)).map(UserState::of);
    }

    /** The user under an exclusive row lock, for taking all their customers and perhaps deactivating them. */
    public Optional<UserState> lockToHandOver(UUID id) {
        return Optional.ofNullable(users.findById(id, LockModeType.PESSIMISTIC_WRITE)).map(UserState::of);
    }

    /**
     * Deactivates the user as PUT /users/{id} does: refused (409) while they own customers, audited
     * as done by {@code actor}.
     */
    public UserResponse deactivate(UUID id, String actor) {
        return UserResponse.of(org.deactivate(id, actor));
    }

    public UserResponse get(UUID id) {
        return UserResponse.of(users.findById(id));
    }
}
