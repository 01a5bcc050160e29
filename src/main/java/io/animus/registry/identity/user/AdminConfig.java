package io.animus.registry.identity.user;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the first administrator, created on a start with no users. */
@ConfigMapping(prefix = "animus.admin")
public interface AdminConfig {

    /** Password of {@code admin} created on a start with no users; when unset, one is generated and logged once. */
    Optional<String> initialPassword();

    /** Email of that first administrator. */
    @WithDefault("admin@localhost")
    String email();
}
