package io.github.crmvault.common.audit;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Version and who/when columns shared by every business record. */
@MappedSuperclass
public abstract class Audited {
    @Version
    @Column(nullable = false)
    public long version;
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** Microsecond precision, as PostgreSQL stores it, so keyset cursors round-trip exactly. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public void stampCreated(String actor) {
        createdAt = now();
        createdBy = actor;
        updatedAt = createdAt;
        updatedBy = actor;
    }

    public void stampUpdated(String actor) {
        updatedAt = now();
        updatedBy = actor;
    }
}
