package io.animus.registry.config.secret;

import io.animus.registry.config.ConfigTable;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One audited reveal of an encrypted value. */
@RegisterForReflection
public record SecretRevealResponse(Long id, ConfigTable table, String entryKey, RevealPurpose purpose, @Schema(nullable = true) Integer revealedBy,
        @Schema(nullable = true) Integer serviceKeyId, Instant revealedAt) {

    public static SecretRevealResponse from(SecretReveal reveal) {
        return new SecretRevealResponse(reveal.id, reveal.table, reveal.entryKey, reveal.purpose, reveal.revealedBy,
                reveal.serviceKeyId, reveal.revealedAt);
    }
}
