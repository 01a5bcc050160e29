package io.animus.registry.webhook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** Where a delivery stands: waiting for (another) attempt, accepted by the receiver, or given up after its last attempt. */
public enum DeliveryStatus implements Labelled {
    PENDING(WebhookDelivery.PENDING),
    DELIVERED(WebhookDelivery.DELIVERED),
    FAILED(WebhookDelivery.FAILED);

    private final String label;

    DeliveryStatus(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static DeliveryStatus of(String label) {
        return Labelled.fromLabel(DeliveryStatus.class, label);
    }
}
