package io.animus.registry.chat.broca;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a batch acknowledgement: the messages this call marked processed, and those that
 * were already processed under the same {@code broca_message_id} (a repeated call), both by id.
 */
@RegisterForReflection
public record AcknowledgedBatch(List<Integer> acknowledged, List<Integer> alreadyAcknowledged) {
}
