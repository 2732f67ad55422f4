package io.github.crmvault.org;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * Updates name only the columns that changed: the org version's triggers (V28) fire on an UPDATE that
 * sets a column the caller resolution reads, so a rename must not set them all.
 */
@Entity
@Table(name = "team")
@DynamicUpdate
class Team extends Audited {
    @Id
    UUID id;
    @Column(nullable = false)
    String name;
    @Column(name = "parent_id")
    UUID parentId;
    @Column(name = "manager_id")
    UUID managerId;
    @Column(nullable = false)
    boolean active;

    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("parentId", parentId == null ? null : parentId.toString());
        values.put("managerId", managerId == null ? null : managerId.toString());
        values.put("active", active);
        return values;
    }
}
