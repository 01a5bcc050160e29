package io.animus.registry.config.system;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the system config table means to the caller. */
@Singleton
class SystemConfigConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("idx_system_config_key", "a system setting with this config_key already exists");
    }
}
