package io.github.crmvault.webhook;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "webhook_subscription")
class WebhookSubscription extends Audited {
    @Id
    UUID id;
    @Column(nullable = false)
    String url;
    String description;
    /** Wire names (customer.created ...), as the publishing query matches them. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types", nullable = false, columnDefinition = "text[]")
    List<String> eventTypes;
    @Column(name = "integration_login", nullable = false)
    String integrationLogin;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    List<String> scopes;
    @Column(nullable = false)
    String secret;
    @Column(nullable = false)
    boolean active;

    /** The audited fields; never the secret. */
    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", url);
        values.put("description", description);
        values.put("eventTypes", List.copyOf(eventTypes));
        values.put("integrationLogin", integrationLogin);
        values.put("scopes", List.copyOf(scopes));
        values.put("active", active);
        return values;
    }
}
