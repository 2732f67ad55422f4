package io.github.crmvault.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the webhook endpoints. */
final class WebhookDtos {
    static final String SCOPE = "^[a-z]+:[a-z]+$";

    private WebhookDtos() {
    }

    @Schema(name = "WebhookRequest", description = "A webhook subscription; PUT replaces all of these fields")
    record WebhookRequest(
            @NotBlank @Size(max = 2000) @Schema(required = true, examples = "https://erp.example.cn/hooks/crm",
                    description = "Where events are POSTed: https, to a host whose every address is public (loopback, "
                            + "private and link-local addresses are refused, now and before each attempt)") String url,
            @Size(max = 500) @Schema(examples = "ERP customer sync") String description,
            @NotEmpty @Size(max = 20) @Schema(required = true, description = "The events to send") List<@NotNull EventType> eventTypes,
            @NotBlank @Size(max = 200) @Pattern(regexp = "\\S+", message = "must not contain whitespace")
            @Schema(required = true, examples = "erp-sync", description = "The integration identity the subscription "
                    + "acts for: payloads show what this login with the integration role and exactly the scopes "
                    + "below may see") String integrationLogin,
            @Size(max = 20) @Schema(description = "The identity's scopes; without contacts:read contacts' phones, e-mail "
                    + "and messaging id are masked in payloads. Defaults to none", examples = "[\"contacts:read\"]")
            List<@NotNull @Pattern(regexp = SCOPE, message = "must be a scope such as contacts:read") String> scopes,
            @Schema(description = "false disables the subscription: no new deliveries, pending ones are parked; "
                    + "defaults to true") Boolean active) {
        /** The subscription's fields as a PUT would send them back: what a merge patch changes. */
        static WebhookRequest of(WebhookSubscription s) {
            return new WebhookRequest(s.url, s.description, s.eventTypes.stream().map(WebhookDtos::type).toList(),
                    s.integrationLogin, s.scopes, s.active);
        }
    }

    static EventType type(String wireName) {
        for (EventType type : EventType.values()) {
            if (type.wireName().equals(wireName)) {
                return type;
            }
        }
        throw new IllegalStateException("Unknown event type " + wireName);
    }

    @Schema(name = "Webhook")
    record WebhookResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true) String url,
            String description,
            @Schema(required = true) List<EventType> eventTypes,
            @Schema(required = true) String integrationLogin,
            @Schema(required = true) List<String> scopes,
            @Schema(required = true) boolean active,
            @Schema(description = "The signing secret (whsec_ and base64 of 32 bytes): only in the answers of "
                    + "createWebhook and rotateWebhookSecret; store it, it is never shown again") String secret,
            @Schema(required = true, description = "Also the ETag") long version,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true) String updatedBy) {
        static WebhookResponse of(WebhookSubscription s, boolean withSecret) {
            return new WebhookResponse(s.id, s.url, s.description, s.eventTypes.stream().map(WebhookDtos::type).toList(),
                    s.integrationLogin, s.scopes, s.active, withSecret ? s.secret : null, s.version, s.createdAt,
                    s.createdBy, s.updatedAt, s.updatedBy);
        }
    }

    @Schema(name = "WebhookHistoryEntry", description = "One recorded change of a subscription: who, when, old and new "
            + "values (a secret rotation says that the secret changed, never what it is)")
    record HistoryResponse(
            @Schema(required = true) long id,
            @Schema(required = true, enumeration = {"CREATE", "UPDATE", "ENABLE", "DISABLE", "ROTATE_SECRET"}) String action,
            @Schema(required = true) String actor,
            @Schema(required = true) Instant at,
            @Schema(required = true) List<io.github.crmvault.common.audit.FieldChange> changes) {
        static HistoryResponse of(WebhookHistoryEntry e) {
            return new HistoryResponse(e.id, e.action, e.actor, e.at, e.changes);
        }
    }

    @Schema(name = "WebhookDelivery", description = "One event for one subscription and its attempts")
    record DeliveryResponse(
            @Schema(required = true) UUID id,
            @Schema(required = true, description = "The event's id: the webhook-id header, the same on every attempt") UUID eventId,
            @Schema(required = true) EventType eventType,
            @Schema(description = "The customer the event is about; absent for events about none") UUID customerId,
            @Schema(required = true, enumeration = {"PENDING", "DELIVERED", "PARKED"}, description = "PENDING: waiting "
                    + "or being sent; DELIVERED: a 2xx answer; PARKED: no 2xx within the retry period (or the "
                    + "subscription was disabled): no more attempts unless retried") String status,
            @Schema(required = true) int attempts,
            @Schema(description = "The HTTP status of the last attempt; absent when it got no answer") Integer lastStatusCode,
            @Schema(description = "Why the last attempt failed") String lastError,
            Instant lastAttemptAt,
            @Schema(description = "When the next attempt is due; only while PENDING") Instant nextAttemptAt,
            Instant deliveredAt,
            Instant parkedAt,
            @Schema(required = true) Instant createdAt) {
    }
}
