package io.animus.registry.chat.broca;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The messages one claim took, oldest first, held for the caller until {@code claimedUntil}. Each must
 * be acknowledged before then, or it is pending again and another worker may take it. A claim that took
 * no message holds nothing until any time ({@code claimedUntil} is null).
 */
@RegisterForReflection
public record Claim(String claimToken, @Schema(nullable = true) Instant claimedUntil, List<ClaimedMessage> messages) {
}
