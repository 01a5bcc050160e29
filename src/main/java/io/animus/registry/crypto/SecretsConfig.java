package io.animus.registry.crypto;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The keys of values flagged {@code is_encrypted}: one current key that encrypts, and retired keys
 * that still decrypt until {@code POST /api/v1/secrets/rewrap} has moved every value to the current one.
 */
@ConfigMapping(prefix = "animus.secrets")
public interface SecretsConfig {

    /** The current key ({@code ANIMUS_SECRETS_KEY}): the base64 of 32 random bytes, e.g. {@code openssl rand -base64 32}. */
    Optional<String> key();

    /** The id stored with every value the current key encrypts ({@code ANIMUS_SECRETS_KEY_ID}); by default the first 8 hex digits of the key's SHA-256. */
    Optional<String> keyId();

    /** Retired keys that still decrypt ({@code ANIMUS_SECRETS_OLD_KEYS}): a comma list of {@code id=base64}, e.g. {@code 3f2a9c01=q0v...=}. */
    Optional<String> oldKeys();
}
