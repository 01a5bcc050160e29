package io.animus.registry.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the outbox rows of a system event raised in Java: the event and one pending delivery per
 * active webhook that subscribes to it, through the same SQL function the schema's triggers call
 * ({@code webhook_event}), in the transaction that raised it: if that transaction rolls back, nothing
 * is delivered.
 */
@ApplicationScoped
public class WebhookOutbox {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Transactional(TxType.MANDATORY)
    void record(@Observes SystemEvent event) {
        raise(event.type(), data(event), null);
    }

    /** Raises {@code type} with {@code data} (JSON text) for every subscriber, or only for {@code webhookId}; answers the event's id, or null when no webhook takes it. */
    Long raise(EventType type, String data, Integer webhookId) {
        jakarta.persistence.Query query = webhookId == null
                ? entityManager.createNativeQuery("SELECT webhook_event(:type, CAST(:data AS jsonb))")
                : entityManager.createNativeQuery("SELECT webhook_event(:type, CAST(:data AS jsonb), :webhook)")
                        .setParameter("webhook", webhookId);
        Object id = query.setParameter("type", type.label()).setParameter("data", data).getSingleResult();
        return id == null ? null : ((Number) id).longValue();
    }

    private String data(SystemEvent event) {
        try {
            return json.writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's data is names and ids, always serializable", e);
        }
    }
}
