package io.github.crmvault.org;

import io.github.crmvault.common.audit.Audited;
import io.github.crmvault.common.audit.Changes;
import io.github.crmvault.common.audit.FieldChange;
import io.github.crmvault.common.changes.ChangeLog;
import io.github.crmvault.common.paging.Cursor;
import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Caller;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.common.security.OrgCache;
import io.github.crmvault.common.web.Preconditions;
import io.github.crmvault.org.OrgDtos.MeResponse;
import io.github.crmvault.org.OrgDtos.TeamRequest;
import io.github.crmvault.org.OrgDtos.TeamResponse;
import io.github.crmvault.org.OrgDtos.UserCreateRequest;
import io.github.crmvault.org.OrgDtos.UserResponse;
import io.github.crmvault.org.OrgDtos.UserUpdateRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Teams and users: the organisation that decides who sees which customers. Admins manage it. Every
 * change of teams or of a user's team goes through the {@link ChangeLog}, which records who entered
 * or left whose view for the change feed.
 */
@ApplicationScoped
class OrgService {
    @Inject
    TeamRepository teams;
    @Inject
    UserRepository users;
    @Inject
    CallerContext callers;
    @Inject
    ChangeLog changeLog;
    @Inject
    OrgCache orgCache;

    Page<TeamResponse> listTeams(String cursor, int limit) {
        callers.current();
        List<Team> found = teams.page(Cursor.decode(cursor), limit + 1);
        return Page.of(found, limit, TeamResponse::of, t -> new Cursor(t.createdAt, t.id).encode());
    }

    Team getTeam(UUID id) {
        callers.current();
        return teams.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Team"));
    }

    @Transactional
    Team createTeam(TeamRequest request) {
        Caller caller = callers.current();
        changeLog.lockOrganisation();
        Team team = new Team();
        team.id = UUID.randomUUID();
        apply(team, request);
        team.stampCreated(caller.login());
        teams.persist(team);
        audit("TEAM", team.id, "CREATE", caller.login(), null, team.snapshot());
        changeLog.organisationChanged(caller.login());
        orgCache.trackWrite();
        return team;
    }

    @Transactional
    Team updateTeam(UUID id, String ifMatch, TeamRequest request) {
        return updateTeam(id, ifMatch, current -> request);
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    Team updateTeam(UUID id, String ifMatch, UnaryOperator<TeamRequest> change) {
        Caller caller = callers.current();
        changeLog.lockOrganisation();
        Team team = teams.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Team"));
        Preconditions.checkVersion(ifMatch, team.version);
        TeamRequest request = change.apply(TeamRequest.of(team));
        Map<String, Object> before = team.snapshot();
        if (request.parentId() != null && teams.isInSubtree(id, request.parentId())) {
            throw ProblemException.invalid("parentId", "would make the team its own ancestor");
        }
        apply(team, request);
        if (team.snapshot().equals(before)) {
            return team; // nothing changed: no new version, as for customers
        }
        team.stampUpdated(caller.login());
        teams.flush();
        audit("TEAM", team.id, "UPDATE", caller.login(), before, team.snapshot());
        changeLog.organisationChanged(caller.login());
        orgCache.trackWrite();
        return team;
    }

    private void apply(Team team, TeamRequest request) {
        if (request.parentId() != null && teams.findByIdOptional(request.parentId()).isEmpty()) {
            throw ProblemException.invalid("parentId", "names no team");
        }
        if (request.managerId() != null) {
            AppUser manager = users.findByIdOptional(request.managerId())
                    .orElseThrow(() -> ProblemException.invalid("managerId", "names no user"));
            if (!manager.active) {
                throw ProblemException.invalid("managerId", "names a deactivated user");
            }
        }
        team.name = request.name().strip();
        team.parentId = request.parentId();
        team.managerId = request.managerId();
        team.active = request.active() == null || request.active();
    }

    Page<UserResponse> listUsers(String cursor, UUID teamId, int limit) {
        callers.current();
        List<AppUser> found = users.page(Cursor.decode(cursor), teamId, limit + 1);
        return Page.of(found, limit, UserResponse::of, u -> new Cursor(u.createdAt, u.id).encode());
    }

    AppUser getUser(UUID id) {
        callers.current();
        return users.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("User"));
    }

    @Transactional
    AppUser createUser(UserCreateRequest request) {
        Caller caller = callers.current();
        changeLog.lockOrganisation();
        if (users.findByLogin(request.login()).isPresent()) {
            throw ProblemException.conflict("A user with login '" + request.login() + "' already exists");
        }
        checkTeam(request.teamId());
        AppUser user = new AppUser();
        user.id = UUID.randomUUID();
        user.login = request.login();
        user.displayName = request.displayName().strip();
        user.teamId = request.teamId();
        user.active = request.active() == null || request.active();
        user.stampCreated(caller.login());
        users.persist(user);
        // The unique login constraint decides between two concurrent creates; the loser gets 409.
        users.flush();
        audit("USER", user.id, "CREATE", caller.login(), null, user.snapshot());
        changeLog.organisationChanged(caller.login());
        orgCache.trackWrite();
        return user;
    }

    @Transactional
    AppUser updateUser(UUID id, String ifMatch, UserUpdateRequest request) {
        return updateUser(id, ifMatch, current -> request);
    }

    /** PUT and PATCH: {@code change} makes the new fields from the current ones (a PUT body ignores them). */
    @Transactional
    AppUser updateUser(UUID id, String ifMatch, UnaryOperator<UserUpdateRequest> change) {
        Caller caller = callers.current();
        changeLog.lockOrganisation();
        AppUser user = lockedUser(id);
        Preconditions.checkVersion(ifMatch, user.version);
        UserUpdateRequest request = change.apply(UserUpdateRequest.of(user));
        checkTeam(request.teamId());
        Map<String, Object> before = user.snapshot();
        user.displayName = request.displayName().strip();
        user.teamId = request.teamId();
        user.active = request.active();
        user.leavingOn = request.leavingOn();
        if (user.snapshot().equals(before)) {
            return user; // nothing changed: no new version, as for customers
        }
        saveUser(user, caller.login(), before);
        changeLog.organisationChanged(caller.login());
        orgCache.trackWrite();
        return user;
    }

    /**
     * Deactivates a user exactly as PUT /users/{id} with active=false does, in the caller's transaction
     * (a handover); {@code actor} is who the user's history names (the caller, or the leaving job).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    AppUser deactivate(UUID id, String actor) {
        AppUser user = lockedUser(id);
        if (!user.active) {
            return user;
        }
        Map<String, Object> before = user.snapshot();
        user.active = false;
        saveUser(user, actor, before);
        orgCache.trackWrite();
        return user;
    }

    /**
     * The user under an exclusive row lock. Whoever gives a customer to a user holds the user's row
     * shared until they commit, so the check that a user being deactivated owns nothing sees every
     * customer given to them.
     */
    private AppUser lockedUser(UUID id) {
        AppUser user = users.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw ProblemException.notFound("User");
        }
        return user;
    }

    private AppUser saveUser(AppUser user, String actor, Map<String, Object> before) {
        if (Boolean.TRUE.equals(before.get("active")) && !user.active) {
            refuseWhileOwningCustomers(user.id);
        }
        user.stampUpdated(actor);
        users.flush();
        String action = before.get("active").equals(user.active) ? "UPDATE" : user.active ? "ACTIVATE" : "DEACTIVATE";
        audit("USER", user.id, action, actor, before, user.snapshot());
        return user;
    }

    /** The soldier leaves, the customers stay: a rep who owns any (archived too) is handed over, not switched off. */
    private void refuseWhileOwningCustomers(UUID userId) {
        long owned = users.customersOwnedBy(userId);
        if (owned > 0) {
            String handover = "/api/v1/users/" + userId + "/handover";
            throw new ProblemException(ProblemType.USER_OWNS_CUSTOMERS, "The user still owns " + owned
                    + " customer(s); hand them over to another rep or to the pool first (POST " + handover
                    + ", which can deactivate the user in the same request)",
                    Map.of("customers", owned, "handover", handover));
        }
    }

    private void checkTeam(UUID teamId) {
        if (teamId != null && teams.findByIdOptional(teamId).isEmpty()) {
            throw ProblemException.invalid("teamId", "names no team");
        }
    }

    Page<OrgDtos.OrgHistoryResponse> history(String entityType, UUID id, String cursor, int limit) {
        callers.current();
        boolean exists = "TEAM".equals(entityType) ? teams.findByIdOptional(id).isPresent()
                : users.findByIdOptional(id).isPresent();
        if (!exists) {
            throw ProblemException.notFound("TEAM".equals(entityType) ? "Team" : "User");
        }
        Long before = Cursor.decodeSequence(cursor);
        List<OrgHistoryEntry> rows = teams.getEntityManager()
                .createQuery("FROM OrgHistoryEntry h WHERE h.entityId = :id AND h.id < :before ORDER BY h.id DESC",
                        OrgHistoryEntry.class)
                .setParameter("id", id)
                .setParameter("before", before == null ? Long.MAX_VALUE : before)
                .setMaxResults(limit + 1)
                .getResultList();
        return Page.of(rows, limit, OrgDtos.OrgHistoryResponse::of, h -> Cursor.encodeSequence(h.id));
    }

    MeResponse me() {
        Caller caller = callers.current();
        AppUser user = caller.userId() == null ? null : users.findById(caller.userId());
        List<UUID> managed = user == null || !caller.isManager() ? List.of() : teams.managedBy(user.id);
        return new MeResponse(caller.login(), caller.roles(), user == null ? null : UserResponse.of(user), managed,
                caller.visibility().seesEverything());
    }

    private void audit(String type, UUID id, String action, String actor, Map<String, Object> before,
            Map<String, Object> after) {
        List<FieldChange> changes = Changes.between(before, after);
        if (changes.isEmpty() && !"CREATE".equals(action)) {
            return;
        }
        OrgHistoryEntry entry = new OrgHistoryEntry();
        entry.entityType = type;
        entry.entityId = id;
        entry.action = action;
        entry.actor = actor;
        entry.at = Audited.now();
        entry.changes = changes;
        teams.getEntityManager().persist(entry);
    }
}
