package io.animus.registry.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.animus.registry.crypto.Secrets;

/**
 * The signing secrets of webhooks, sealed with the registry's secrets key like every other encrypted
 * value, each bound to its webhook ({@code webhooks:<id>}) so that a sealed secret copied to another
 * webhook does not open. When every encrypted value is rewrapped under the current key, the webhooks'
 * secrets are too, in the same transaction.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    @Inject
    Secrets secrets;

    static String entryOf(int webhookId) {
        return "webhooks:" + webhookId;
    }

    /** The stored form of a webhook's secret. */
    String seal(int webhookId, String plaintext) {
        return secrets.seal(plaintext, entryOf(webhookId));
    }

    /** The secret that signs a webhook's deliveries. */
    String open(int webhookId, String stored) {
        return secrets.open(stored, entryOf(webhookId));
    }

    void rewrap(@Observes SystemEvent event) {
        if (!event.rewrapsSecrets()) {
            return;
        }
        List<Webhook> webhooks = Webhook.find("order by id").withLock(LockModeType.PESSIMISTIC_WRITE).list();
        int moved = 0;
        for (Webhook webhook : webhooks) {
            if (!secrets.isCurrent(webhook.secret)) {
                webhook.secret = seal(webhook.id, open(webhook.id, webhook.secret));
                moved++;
            }
        }
        Webhook.flush();
        LOG.infof("Webhook secrets rewrapped under the current key: %d of %d moved", moved, webhooks.size());
    }
}
