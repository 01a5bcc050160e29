package io.animus.registry.identity.upward;

import io.animus.registry.webhook.SystemEvent;

/**
 * A deliberate arrow up the house, from identity to webhook, that only ArchitectureTest imports to show
 * that its rules report such an arrow; nothing calls it.
 */
public final class UpwardArrow {

    private UpwardArrow() {
    }

    /** The webhooks' own event, built where identity may not know it. */
    public static SystemEvent rotated() {
        return SystemEvent.serviceKeyRotated(1, "upward", "broca");
    }
}
