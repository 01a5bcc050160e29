package io.animus.registry.identity.user;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What an import of users did: the usernames created, updated (with {@code overwrite}) and skipped, each skip with its reason. */
@RegisterForReflection
public record UserImportResponse(List<String> created, List<String> updated, List<Skipped> skipped) {

    /** A username left as it was, and why. */
    @RegisterForReflection
    public record Skipped(String username, String reason) {
    }
}
