package io.github.crmvault.org;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * Updates name only the columns that changed: the org version's triggers (V28) fire on an UPDATE that
 * sets a column the caller resolution reads, so a rename must not set them all.
 */
@Entity
@Table(name = "app_user")
@DynamicUpdate
class AppUser extends Audited {
    @Id
    UUID id;
    @Column(nullable = false, updatable = false)
    String login;
    @Column(name = "display_name", nullable = false)
    String displayName;
    @Column(name = "team_id")
    UUID teamId;
    @Column(nullable = false)
    boolean active;
    /** The company day the user leaves; null when they are not leaving. */
    @Column(name = "leaving_on")
    LocalDate leavingOn;

    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("login", login);
        values.put("displayName", displayName);
        values.put("teamId", teamId == null ? null : teamId.toString());
        values.put("active", active);
        values.put("leavingOn", leavingOn == null ? null : leavingOn.toString());
        return values;
    }
}
