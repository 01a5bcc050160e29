package io.animus.registry.config.scoped;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the configurations table means to the caller. */
@Singleton
class ConfigurationConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("uq_configurations_scope_key", "this scope already has a configuration with this key");
    }
}
