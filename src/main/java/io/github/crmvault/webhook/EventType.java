package io.github.crmvault.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a subscription can hear about; on the wire (payload type, subscription eventTypes) by its dotted name. */
public enum EventType {
    CUSTOMER_CREATED("customer.created"),
    CUSTOMER_UPDATED("customer.updated"),
    CUSTOMER_OWNER_CHANGED("customer.owner_changed"),
    VISIT_CREATED("visit.created"),
    VISIT_REVIEWED("visit.reviewed"),
    DEAL_SIGNED("deal.signed"),
    DIGEST_READY("digest.ready");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The wire name, so messages that list the values (a 400 for an unknown type) show what clients send. */
    @Override
    public String toString() {
        return wireName;
    }
}
