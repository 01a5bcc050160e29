package io.animus.registry.webhook;

import io.quarkus.arc.Arc;

/** Raises a {@link SystemEvent} from anywhere in one line, synchronously, in the caller's transaction. */
public final class SystemEvents {

    private SystemEvents() {
    }

    /** Fires the event to its observers now; they write in the caller's transaction, which must be active. */
    public static void raise(SystemEvent event) {
        Arc.container().beanManager().getEvent().select(SystemEvent.class).fire(event);
    }
}
