package io.github.crmvault.common.security;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the token's login to a user row once per request, with the owners the caller may see. A
 * resolution is reused across requests from {@link OrgCache} only at the organisation version its
 * listener last saw, so an org change takes effect within milliseconds on every instance, and on the
 * very next request on the instance that made it.
 */
@RequestScoped
public class CallerContext {
    /**
     * One round trip: the organisation's version and, read in the same snapshot, the user and, for
     * managers, every user in the team subtrees they manage (no user columns when the login is unknown).
     */
    private static final String RESOLVE_SQL = """
            WITH RECURSIVE me AS (
                SELECT id, active, leaving_on FROM app_user WHERE login = :login
            ), managed(id) AS (
                SELECT t.id FROM team t JOIN me ON t.manager_id = me.id WHERE :manager
                UNION
                SELECT child.id FROM team child JOIN managed m ON child.parent_id = m.id
            )
            SELECT me.id, me.active, me.leaving_on,
                   (SELECT coalesce(string_agg(CAST(u.id AS text), ','), '') FROM app_user u
                     WHERE u.team_id IN (SELECT id FROM managed) AND u.id <> me.id),
                   v.version
            FROM org_version v LEFT JOIN me ON true
            """;

    @Inject
    SecurityIdentity identity;
    @Inject
    JsonWebToken token;
    @Inject
    EntityManager em;
    @Inject
    OrgCache cache;
    @Inject
    VerifiedTokenCache tokens;

    private Caller caller;

    public Caller current() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    private Caller resolve() {
        if (identity.isAnonymous()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "A bearer token is required");
        }
        String login = login();
        Set<String> roles = identity.getRoles();
        boolean manager = roles.contains(Roles.MANAGER);
        OrgCache.Resolved resolved = cache.get(login, manager);
        if (resolved == null) {
            resolved = read(login, manager);
            cache.put(login, manager, resolved);
        }
        boolean seesEverything = roles.contains(Roles.ADMIN) || roles.contains(Roles.INTEGRATION);
        if (resolved.userId() == null) {
            // An admin token works before any user exists, so a company can set itself up.
            if (roles.contains(Roles.ADMIN)) {
                return new Caller(login, roles, null, Visibility.everything());
            }
            throw new ProblemException(ProblemType.UNKNOWN_USER,
                    "No user with login '" + login + "' exists; an admin must create it first");
        }
        if (!resolved.active()) {
            throw new ProblemException(ProblemType.UNKNOWN_USER, "The user '" + login + "' is deactivated");
        }
        UUID userId = resolved.userId();
        List<UUID> managed = resolved.managed();
        if (seesEverything) {
            return new Caller(login, roles, userId, Visibility.everything(), managed, tokens.scopes(token), resolved.leavingOn());
        }
        List<UUID> owners = new ArrayList<>();
        owners.add(userId);
        owners.addAll(managed);
        return new Caller(login, roles, userId, Visibility.poolAnd(owners), managed, tokens.scopes(token), resolved.leavingOn());
    }

    private OrgCache.Resolved read(String login, boolean manager) {
        Object[] row = (Object[]) em.createNativeQuery(RESOLVE_SQL)
                .setParameter("login", login)
                .setParameter("manager", manager)
                .getSingleResult();
        long version = ((Number) row[4]).longValue();
        if (row[0] == null) {
            return new OrgCache.Resolved(version, null, false, null, List.of());
        }
        List<UUID> managed = new ArrayList<>();
        String managedUsers = (String) row[3];
        if (!managedUsers.isEmpty()) {
            for (String id : managedUsers.split(",")) {
                managed.add(UUID.fromString(id));
            }
        }
        // Hibernate reads a native date column as java.sql.Date or LocalDate depending on its settings.
        LocalDate leavingOn = row[2] instanceof Date date ? date.toLocalDate() : (LocalDate) row[2];
        return new OrgCache.Resolved(version, (UUID) row[0], Boolean.TRUE.equals(row[1]), leavingOn,
                List.copyOf(managed));
    }

    /** 403 naming the scope unless the caller holds it ({@link Caller#hasScope}). */
    public void requireScope(String scope) {
        if (!current().hasScope(scope)) {
            throw new ProblemException(ProblemType.INSUFFICIENT_SCOPE,
                    "The token's scope claim lacks '" + scope + "', which this request needs");
        }
    }

    /** 403 user-leaving when an admin marked the caller as leaving; {@code what} names what they may not do. */
    public void requireNotLeaving(String what) {
        Caller caller = current();
        if (caller.isLeaving()) {
            throw new ProblemException(ProblemType.USER_LEAVING, "You are leaving the company on " + caller.leavingOn()
                    + ": you keep working your customers, but may no longer " + what);
        }
    }

    /** The login is the token's upn, falling back to sub. */
    private String login() {
        String upn = token.getClaim("upn");
        if (upn != null && !upn.isBlank()) {
            return upn;
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "The token names no login (upn or sub)");
        }
        return subject;
    }
}
