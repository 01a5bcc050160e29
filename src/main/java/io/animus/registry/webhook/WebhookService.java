package io.animus.registry.webhook;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.panache.common.Sort;

/** Registers, changes and removes webhooks; lists, pings and redelivers their deliveries. */
@ApplicationScoped
public class WebhookService {

    @Inject
    WebhookConfig config;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookOutbox outbox;

    @Inject
    CurrentUser currentUser;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    public Page<WebhookResponse> list(PageRequest page) {
        return Page.of(Webhook.findAll(Sort.by("id")), page, WebhookResponse::from);
    }

    public Optional<Webhook> find(int id) {
        return Webhook.findByIdOptional(id);
    }

    @Transactional
    public Webhook create(WebhookRequest request) {
        if (request.secret() == null) {
            throw ProblemException.invalid("secret", "is required to register a webhook (16 to 256 characters)");
        }
        Webhook webhook = new Webhook();
        apply(webhook, request);
        webhook.createdBy = currentUser.reference();
        webhook.secret = "";
        webhook.persist();
        webhook.secret = secrets.seal(webhook.id, request.secret());
        webhook.flush();
        return webhook;
    }

    /** Replaces the fields; a body without {@code secret} keeps the current one. */
    @Transactional
    public Webhook replace(int id, WebhookRequest request, String ifMatch) {
        Webhook webhook = locked(id);
        ETags.checkIfMatch(ifMatch, webhook.updatedAt);
        apply(webhook, request);
        if (request.secret() != null) {
            webhook.secret = secrets.seal(webhook.id, request.secret());
        }
        webhook.flush();
        return webhook;
    }

    /** Removes the webhook and its deliveries, pending ones included. */
    @Transactional
    public void delete(int id, String ifMatch) {
        Webhook webhook = locked(id);
        ETags.checkIfMatch(ifMatch, webhook.updatedAt);
        webhook.delete();
    }

    public Page<WebhookDeliveryResponse> deliveries(int id, DeliveryStatus status, PageRequest page) {
        require(id);
        return Page.of(WebhookDelivery.findByWebhook(id, status == null ? null : status.label()), page,
                WebhookDeliveryResponse::from);
    }

    public WebhookDelivery delivery(int id, long deliveryId) {
        return WebhookDelivery.findOfWebhook(id, deliveryId)
                .orElseThrow(() -> ProblemException.notFound("Webhook " + id + " has no delivery " + deliveryId));
    }

    /** Queues a {@code ping} event for this webhook alone, whatever it subscribes to. */
    @Transactional
    public WebhookDelivery ping(int id) {
        Webhook webhook = active(id);
        Long event = outbox.raise(EventType.PING, text(Map.of("webhook_id", webhook.id, "message",
                "A test delivery asked for by " + currentUser.username())), webhook.id);
        return WebhookDelivery.find("webhookId = ?1 and event.id = ?2", webhook.id, event).singleResult();
    }

    /** Queues the event of a delivered or failed delivery again, as a new delivery at the end of the webhook's queue. */
    @Transactional
    public WebhookDelivery redeliver(int id, long deliveryId) {
        Webhook webhook = active(id);
        WebhookDelivery original = delivery(webhook.id, deliveryId);
        if (DeliveryStatus.of(original.status) == DeliveryStatus.PENDING) {
            throw ProblemException.conflict("Delivery " + deliveryId + " is still pending: it will be attempted again on its own");
        }
        Number created = (Number) entityManager.createNativeQuery(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, redelivery_of) VALUES (:webhook, :event, :original) RETURNING id")
                .setParameter("webhook", webhook.id).setParameter("event", original.event.id).setParameter("original", original.id)
                .getSingleResult();
        return WebhookDelivery.findById(created.longValue());
    }

    private void apply(Webhook webhook, WebhookRequest request) {
        webhook.url = WebhookUrls.check(request.url(), config.allowPrivateAddresses()).toString();
        webhook.events = request.events().stream().map(EventType::label).distinct().toList();
        webhook.description = request.description();
        webhook.active = request.isActive() == null || request.isActive();
    }

    private Webhook active(int id) {
        Webhook webhook = require(id);
        if (!webhook.active) {
            throw ProblemException.conflict("Webhook " + id + " is not active: activate it first (is_active: true)");
        }
        return webhook;
    }

    private static Webhook require(int id) {
        return Webhook.<Webhook> findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No webhook " + id));
    }

    private static Webhook locked(int id) {
        Webhook webhook = Webhook.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (webhook == null) {
            throw ProblemException.notFound("No webhook " + id);
        }
        return webhook;
    }

    private String text(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
