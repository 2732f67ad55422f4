package io.github.crmvault.customer;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A person at a customer; carries the customer's id so it shards with it. */
@Entity
@Table(name = "contact")
class Contact extends Audited {
    enum DecisionRole { DECISION_MAKER, INFLUENCER, USER, GATEKEEPER }

    @Id
    UUID id;
    @Column(name = "customer_id", nullable = false, updatable = false)
    UUID customerId;
    @Column(nullable = false)
    String name;
    String title;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    List<String> phones;
    String email;
    @Column(name = "messaging_id")
    String messagingId;
    @Enumerated(EnumType.STRING)
    @Column(name = "decision_role")
    DecisionRole decisionRole;
    @Column(name = "decision_maker", nullable = false)
    boolean decisionMaker;
    @Column(nullable = false)
    boolean archived;
    /** When an admin erased the person's data; an erased contact is never written again. */
    @Column(name = "erased_at")
    Instant erasedAt;
    @Column(name = "erased_by")
    String erasedBy;

    boolean erased() {
        return erasedAt != null;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("title", title);
        values.put("phones", List.copyOf(phones));
        values.put("email", email);
        values.put("messagingId", messagingId);
        values.put("decisionRole", decisionRole == null ? null : decisionRole.name());
        values.put("decisionMaker", decisionMaker);
        values.put("archived", archived);
        return values;
    }
}
