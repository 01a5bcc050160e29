package io.animus.registry.config.layer;

import io.animus.registry.config.layer.ConfigurationLayers.Source;

import io.animus.registry.config.ValueType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.layer.ConfigurationLayers.Layer;
import io.animus.registry.config.layer.ConfigurationLayers.Origin;
import io.animus.registry.config.layer.ConfigurationLayers.Resolved;
import io.animus.registry.config.layer.ConfigurationLayers.Setting;

class ConfigurationLayersTest {

    private static Setting s(String key, String value, int sourceId) {
        return new Setting(key, value, ValueType.STRING, false, sourceId);
    }

    private static Map<String, Resolved> byKey(List<Resolved> resolved) {
        return resolved.stream().collect(Collectors.toMap(Resolved::key, Function.identity()));
    }

    @Test
    void everyLayerSetsSomeKeysAndOverridesOthers() {
        List<Resolved> merged = new ConfigurationLayers()
                .with(ConfigurationLayers.SYSTEM_CONFIG, List.of(s("log.level", "info", 1), s("region", "eu", 2)))
                .with(ConfigurationLayers.SYSTEM_CONFIGURATIONS, List.of(s("log.level", "warn", 10), s("timeout", "30", 11)))
                .with(ConfigurationLayers.AGENT_CONFIGS, List.of(s("model", "gpt", 20), s("timeout", "40", 21)))
                .with(ConfigurationLayers.AGENT_CONFIGURATIONS, List.of(s("model", "claude", 30), s("persona", "athena", 31)))
                .with(ConfigurationLayers.TOOL_CONFIGURATIONS, List.of(s("timeout", "50", 40), s("endpoint", "http://mcp", 41)))
                .with(ConfigurationLayers.INSTANCE_CONFIG, List.of(s("endpoint", "http://mcp-2", 50), s("port", "8000", 50)))
                .merge();
        Map<String, Resolved> keys = byKey(merged);

        assertEquals(List.of("endpoint", "log.level", "model", "persona", "port", "region", "timeout"),
                merged.stream().map(Resolved::key).toList(), "sorted by key");

        assertEquals("eu", keys.get("region").value());
        assertEquals(new Origin(Layer.SYSTEM, "system_config", 2), keys.get("region").origin());
        assertEquals(List.of(), keys.get("region").overrides());

        assertEquals("warn", keys.get("log.level").value());
        assertEquals(new Origin(Layer.SYSTEM, "configurations", 10), keys.get("log.level").origin());
        assertEquals(List.of(new Origin(Layer.SYSTEM, "system_config", 1)), keys.get("log.level").overrides());

        assertEquals("claude", keys.get("model").value());
        assertEquals(new Origin(Layer.AGENT, "configurations", 30), keys.get("model").origin());
        assertEquals(List.of(new Origin(Layer.AGENT, "agent_configs", 20)), keys.get("model").overrides());

        assertEquals("athena", keys.get("persona").value());
        assertEquals(Layer.AGENT, keys.get("persona").origin().layer());

        assertEquals("50", keys.get("timeout").value());
        assertEquals(new Origin(Layer.TOOL, "configurations", 40), keys.get("timeout").origin());
        assertEquals(List.of(new Origin(Layer.SYSTEM, "configurations", 11), new Origin(Layer.AGENT, "agent_configs", 21)),
                keys.get("timeout").overrides(), "every lower source that set the key, lowest first");

        assertEquals("http://mcp-2", keys.get("endpoint").value());
        assertEquals(new Origin(Layer.INSTANCE, "tool_instances", 50), keys.get("endpoint").origin());
        assertEquals(List.of(new Origin(Layer.TOOL, "configurations", 41)), keys.get("endpoint").overrides());

        assertEquals(Layer.INSTANCE, keys.get("port").origin().layer());
    }

    @Test
    void theOrderOfAddingDoesNotMatterOnlyThePrecedence() {
        List<Resolved> merged = new ConfigurationLayers()
                .with(ConfigurationLayers.INSTANCE_CONFIG, List.of(s("k", "instance", 5)))
                .with(ConfigurationLayers.SYSTEM_CONFIGURATIONS, List.of(s("k", "system", 1)))
                .with(ConfigurationLayers.TOOL_CONFIGURATIONS, List.of(s("k", "tool", 3)))
                .merge();
        assertEquals("instance", merged.get(0).value());
        assertEquals(List.of(Layer.SYSTEM, Layer.TOOL), merged.get(0).overrides().stream().map(Origin::layer).toList());
    }

    @Test
    void theToolLayerOverridesTheAgentLayerAsTheSeedOrdersThem() {
        List<Resolved> merged = new ConfigurationLayers()
                .with(ConfigurationLayers.AGENT_CONFIGURATIONS, List.of(s("k", "agent", 1)))
                .with(ConfigurationLayers.TOOL_CONFIGURATIONS, List.of(s("k", "tool", 2)))
                .merge();
        assertEquals("tool", merged.get(0).value());
    }

    @Test
    void aNullValueStillOverrides() {
        List<Resolved> merged = new ConfigurationLayers()
                .with(ConfigurationLayers.SYSTEM_CONFIGURATIONS, List.of(s("k", "x", 1)))
                .with(ConfigurationLayers.AGENT_CONFIGURATIONS, List.of(s("k", null, 2)))
                .merge();
        assertEquals(null, merged.get(0).value());
        assertEquals(Layer.AGENT, merged.get(0).origin().layer());
    }

    @Test
    void theWinnerKeepsItsTypeAndEncryption() {
        List<Resolved> merged = new ConfigurationLayers()
                .with(ConfigurationLayers.SYSTEM_CONFIG, List.of(new Setting("k", "1", ValueType.NUMBER, false, 1)))
                .with(ConfigurationLayers.AGENT_CONFIGS, List.of(new Setting("k", "enc:v1:x:y", ValueType.STRING, true, 2)))
                .merge();
        assertEquals(ValueType.STRING, merged.get(0).type());
        assertTrue(merged.get(0).encrypted());
    }

    @Test
    void noLayersMeansNoSettings() {
        assertEquals(List.of(), new ConfigurationLayers().merge());
    }

    @Test
    void aSourceIsGivenOnceAndAKeyOncePerSource() {
        ConfigurationLayers layers = new ConfigurationLayers().with(ConfigurationLayers.SYSTEM_CONFIG, List.of());
        assertThrows(IllegalArgumentException.class, () -> layers.with(ConfigurationLayers.SYSTEM_CONFIG, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ConfigurationLayers()
                .with(ConfigurationLayers.SYSTEM_CONFIG, List.of(s("k", "a", 1), s("k", "b", 2))).merge());
        assertThrows(IllegalArgumentException.class,
                () -> new ConfigurationLayers().with(new Source(Layer.TOOL, "agent_configs"), List.of()));
    }
}
