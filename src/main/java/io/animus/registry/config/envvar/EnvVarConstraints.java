package io.animus.registry.config.envvar;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the environment variables table means to the caller. */
@Singleton
class EnvVarConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("idx_env_vars_name", "an environment variable with this var_name already exists");
    }
}
