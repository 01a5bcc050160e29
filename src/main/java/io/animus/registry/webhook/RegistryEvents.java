package io.animus.registry.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.animus.registry.event.LettaAgentMissing;
import io.animus.registry.event.LettaAgentUnregistered;
import io.animus.registry.event.SecretsRewrapped;
import io.animus.registry.event.ServiceKeyRotated;

/**
 * Turns what the features below say happened into the {@link SystemEvent}s that webhooks deliver,
 * synchronously, in the transaction that fired them: if it rolls back, nothing is delivered.
 */
@ApplicationScoped
public class RegistryEvents {

    @Inject
    Event<SystemEvent> systemEvents;

    void serviceKeyRotated(@Observes ServiceKeyRotated rotated) {
        systemEvents.fire(SystemEvent.serviceKeyRotated(rotated.keyId(), rotated.name(), rotated.role()));
    }

    void secretsRewrapped(@Observes SecretsRewrapped rewrapped) {
        systemEvents.fire(SystemEvent.secretsRewrapped(rewrapped.keyId(), rewrapped.rewrapped()));
    }

    void lettaAgentMissing(@Observes LettaAgentMissing missing) {
        systemEvents.fire(SystemEvent.lettaAgentMissing(missing.agentId(), missing.lettaUid(), missing.lettaId(), missing.name(),
                missing.switchedOff()));
    }

    void lettaAgentUnregistered(@Observes LettaAgentUnregistered unregistered) {
        systemEvents.fire(SystemEvent.lettaAgentUnregistered(unregistered.lettaId(), unregistered.name()));
    }
}
