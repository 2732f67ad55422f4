package io.github.crmvault.visit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A manager's verdict on a visit record. Never changed, never deleted. */
@Entity
@Table(name = "visit_review")
class VisitReview {
    enum Verdict { GOOD, NEEDS_WORK }

    @Id
    UUID id;
    @Column(name = "visit_id", nullable = false, updatable = false)
    UUID visitId;
    @Column(name = "customer_id", nullable = false, updatable = false)
    UUID customerId;
    @Column(name = "reviewer_id", nullable = false, updatable = false)
    UUID reviewerId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    Verdict verdict;
    @Column(updatable = false)
    String comment;
    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;
    @Column(name = "created_by", nullable = false, updatable = false)
    String createdBy;

    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("visitId", visitId.toString());
        values.put("reviewerId", reviewerId.toString());
        values.put("verdict", verdict.name());
        values.put("comment", comment);
        return values;
    }
}
