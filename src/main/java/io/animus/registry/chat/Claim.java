package io.animus.registry.chat;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The messages one claim took, oldest first, held for the caller until {@code claimedUntil}. Each must
 * be acknowledged before then, or it is pending again and another worker may take it.
 */
@RegisterForReflection
public record Claim(String claimToken, Instant claimedUntil, List<ClaimedMessage> messages) {
}
