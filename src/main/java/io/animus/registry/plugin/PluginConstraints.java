package io.animus.registry.plugin;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the plugins table means to the caller. */
@Singleton
class PluginConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("uq_plugins_tool_name", "this tool already has a plugin with this name");
    }
}
