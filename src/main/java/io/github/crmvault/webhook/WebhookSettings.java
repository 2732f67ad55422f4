package io.github.crmvault.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Webhook delivery (README, "Webhooks"): technical knobs of the outbox and its worker, under crm.webhook. */
@ConfigMapping(prefix = "crm.webhook")
public interface WebhookSettings {

    /**
     * Targets that resolve to loopback, private, link-local or otherwise internal addresses are refused
     * (server-side request forgery) unless this is true: only for development and tests.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** Plain http targets are refused unless this is true (development and tests); https otherwise. */
    @WithDefault("false")
    boolean allowHttp();

    /** How often each instance sends due deliveries: a duration such as {@code 1s}, or {@code off} (text for the scheduler). */
    @WithDefault("1s")
    String deliverEvery();

    @WithDefault("PT5S")
    Duration connectTimeout();

    /** The whole request, answer included: a slower receiver counts as a failed attempt. */
    @WithDefault("PT10S")
    Duration requestTimeout();

    /** Attempts continue with backoff for this long after an event, then the delivery is parked. */
    @WithDefault("PT24H")
    Duration retryFor();

    /** Deliveries one instance sends at once (and claims per round). */
    @WithDefault("8")
    @Min(1)
    int maxConcurrent();

    /** Delivered and parked deliveries, and then their events, are removed this long after they ended. */
    @WithDefault("P30D")
    Duration retention();
}
