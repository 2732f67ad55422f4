package io.github.crmvault.org;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the organisation endpoints. */
public final class OrgDtos {
    private OrgDtos() {
    }

    @Schema(name = "TeamRequest", description = "A team; parentId null makes it a root (the company)")
    record TeamRequest(
            @NotBlank @Size(max = 200) @Schema(required = true, examples = "华东大区") String name,
            @Schema(examples = "0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d11") UUID parentId,
            @Schema(description = "The user who manages this team and everything below it") UUID managerId,
            @Schema(description = "false deactivates the team; defaults to true") Boolean active) {
        /** The team's fields as a PUT would send them back: what a merge patch changes. */
        static TeamRequest of(Team t) {
            return new TeamRequest(t.name, t.parentId, t.managerId, t.active);
        }
    }

    @Schema(name = "Team")
    record TeamResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) String name,
            UUID parentId,
            UUID managerId,
            @Schema(required = true) boolean active,
            @Schema(required = true) long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy) {
        static TeamResponse of(Team t) {
            return new TeamResponse(t.id, t.name, t.parentId, t.managerId, t.active, t.version, t.createdAt,
                    t.createdBy, t.updatedAt, t.updatedBy);
        }
    }

    @Schema(name = "UserCreateRequest")
    record UserCreateRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = "\\S+", message = "must not contain whitespace")
            @Schema(required = true, description = "Matches the token's upn (or sub)", examples = "zhang.wei")
            String login,
            @NotBlank @Size(max = 200) @Schema(required = true, examples = "张伟") String displayName,
            UUID teamId,
            @Schema(description = "defaults to true") Boolean active) {
    }

    @Schema(name = "UserUpdateRequest", description = "Replaces the user's editable fields; the login never changes")
    record UserUpdateRequest(
            @NotBlank @Size(max = 200) @Schema(required = true, examples = "张伟") String displayName,
            UUID teamId,
            @NotNull @Schema(required = true, description = "false deactivates the user; nothing they own is removed")
            Boolean active,
            @Schema(description = "The company day the user leaves; null (or absent) clears it. From the moment it is "
                    + "set the user cannot claim or export and sees contacts' phones and e-mails masked, except on "
                    + "customers they visited that day; on the date the user is deactivated and the customers they "
                    + "still own are handed to their team's manager (or the pool when the team has none)", examples = "2026-12-31")
            LocalDate leavingOn) {
        /** The user's fields as a PUT would send them back: what a merge patch changes. */
        static UserUpdateRequest of(AppUser u) {
            return new UserUpdateRequest(u.displayName, u.teamId, u.active, u.leavingOn);
        }
    }

    @Schema(name = "User")
    public record UserResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) String login,
            @Schema(required = true) String displayName,
            UUID teamId,
            @Schema(required = true) boolean active,
            @Schema(description = "The company day the user leaves; absent when they are not leaving") LocalDate leavingOn,
            @Schema(required = true) long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy) {
        static UserResponse of(AppUser u) {
            return new UserResponse(u.id, u.login, u.displayName, u.teamId, u.active, u.leavingOn, u.version, u.createdAt,
                    u.createdBy, u.updatedAt, u.updatedBy);
        }
    }

    @Schema(name = "UserOwnsCustomersProblem", description = "Problem urn:problem:crm:user-owns-customers: the user "
            + "still owns customers, so they cannot be deactivated; hand them over first (POST the handover link, "
            + "which can deactivate the user in the same request)")
    public record UserOwnsCustomersProblem(
            @Schema(required = true, examples = "urn:problem:crm:user-owns-customers") String type,
            @Schema(required = true, examples = "User still owns customers") String title,
            @Schema(required = true, examples = "409") int status,
            @Schema(examples = "The user still owns 12 customer(s); hand them over first") String detail,
            @Schema(required = true, description = "How many customers the user owns, archived included", examples = "12")
            long customers,
            @Schema(required = true, description = "The user's handover operation",
                    examples = "/api/v1/users/0b4f7c1e-2a57-4a57-9c43-7b1c0d7f8d11/handover") String handover) {
    }

    @Schema(name = "OrgHistoryEntry", description = "One recorded change of a team or user: who, when, old and new values")
    record OrgHistoryResponse(
            @Schema(required = true) long id,
            @Schema(required = true, enumeration = {"TEAM", "USER"}) String entityType,
            @Schema(required = true) UUID entityId,
            @Schema(required = true, enumeration = {"CREATE", "UPDATE", "ACTIVATE", "DEACTIVATE"}) String action,
            @Schema(required = true) String actor,
            @Schema(required = true) Instant at,
            @Schema(required = true) List<io.github.crmvault.common.audit.FieldChange> changes) {
        static OrgHistoryResponse of(OrgHistoryEntry e) {
            return new OrgHistoryResponse(e.id, e.entityType, e.entityId, e.action, e.actor, e.at, e.changes);
        }
    }

    @Schema(name = "Me", description = "The caller as the API sees them")
    record MeResponse(
            @Schema(required = true) String login,
            @Schema(required = true) Set<String> roles,
            @Schema(description = "Absent for an admin who has no user row yet") UserResponse user,
            @Schema(required = true, description = "Teams the caller manages directly (their subtrees are visible)")
            List<UUID> managedTeamIds,
            @Schema(required = true, description = "true for admin and integration: every customer is visible")
            boolean seesEverything) {
    }
}
