package io.github.crmvault.customer;

import io.github.crmvault.common.audit.FieldChange;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One audited change to a customer or one of its contacts. Never updated, never deleted. */
@Entity
@Table(name = "customer_history")
class HistoryEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "customer_id", nullable = false, updatable = false)
    UUID customerId;
    @Column(name = "entity_type", nullable = false, updatable = false)
    String entityType;
    @Column(name = "entity_id", nullable = false, updatable = false)
    UUID entityId;
    @Column(nullable = false, updatable = false)
    String action;
    @Column(nullable = false, updatable = false)
    String actor;
    @Column(nullable = false, updatable = false)
    Instant at;
    @Column(updatable = false)
    String reason;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    List<FieldChange> changes;
}
