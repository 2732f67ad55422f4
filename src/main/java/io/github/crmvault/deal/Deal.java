package io.github.crmvault.deal;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A signed contract (签单) of a customer; never deleted, a cancelled one keeps its row (V7). */
@Entity
@Table(name = "deal")
class Deal extends Audited {
    @Id
    UUID id;
    /** Changed only by a customer merge, in SQL. */
    @Column(name = "customer_id", nullable = false, updatable = false)
    UUID customerId;
    /** The rep credited: the customer's owner when the deal was recorded. */
    @Column(name = "owner_id", nullable = false, updatable = false)
    UUID ownerId;
    @Column(nullable = false, updatable = false)
    BigDecimal amount;
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, updatable = false, columnDefinition = "char(3)")
    String currency;
    @Column(name = "signed_on", nullable = false, updatable = false)
    LocalDate signedOn;
    @Column(nullable = false, updatable = false)
    String product;
    @Column(name = "expected_sign_date", updatable = false)
    LocalDate expectedSignDate;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    DealStatus status;
    @Column(name = "cancelled_at")
    Instant cancelledAt;
    @Column(name = "cancelled_by")
    String cancelledBy;
    @Column(name = "cancel_reason")
    String cancelReason;

    /** The audited view of the record: every client-visible field except the audit columns. */
    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ownerId", ownerId.toString());
        values.put("amount", amount.toPlainString());
        values.put("currency", currency);
        values.put("signedOn", signedOn.toString());
        values.put("product", product);
        values.put("expectedSignDate", expectedSignDate == null ? null : expectedSignDate.toString());
        values.put("status", status.name());
        values.put("cancelledAt", cancelledAt == null ? null : cancelledAt.toString());
        values.put("cancelledBy", cancelledBy);
        values.put("cancelReason", cancelReason);
        return values;
    }
}
