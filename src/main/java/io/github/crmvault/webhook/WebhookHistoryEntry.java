package io.github.crmvault.webhook;

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

/** An audit record of a change to a webhook subscription (a secret rotation names no value). */
@Entity
@Table(name = "webhook_subscription_history")
class WebhookHistoryEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "subscription_id", nullable = false)
    UUID subscriptionId;
    @Column(nullable = false)
    String action;
    @Column(nullable = false)
    String actor;
    @Column(nullable = false)
    Instant at;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    List<FieldChange> changes;
}
