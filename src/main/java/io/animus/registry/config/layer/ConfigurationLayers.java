package io.animus.registry.config.layer;

import io.animus.registry.config.ValueType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonValue;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The rule of the effective configuration: the seed's hierarchy System → Agent → Tool → Instance,
 * where a key set in a later layer overrides the same key of every earlier one.
 * <p>
 * Two layers have two tables each. Within the system layer, {@code system_config} is the base and
 * {@code configurations} of scope {@code system} override it; within the agent layer,
 * {@code agent_configs} is the base and {@code configurations} of scope {@code agent} override it.
 * {@link #PRECEDENCE} is the complete order, lowest first. A value replaces the value below it as a
 * whole (JSON values are not merged key by key); a present key wins even when its value is null.
 * Each resolved key tells where it came from and which sources it overrode.
 */
public final class ConfigurationLayers {

    /** The layers of the hierarchy, from the most general to the most specific. */
    public enum Layer {
        SYSTEM("system"),
        AGENT("agent"),
        TOOL("tool"),
        INSTANCE("instance");

        private final String label;

        Layer(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }

    /** A table that feeds a layer. */
    @RegisterForReflection
    public record Source(Layer layer, String table) {
    }

    public static final Source SYSTEM_CONFIG = new Source(Layer.SYSTEM, "system_config");
    public static final Source SYSTEM_CONFIGURATIONS = new Source(Layer.SYSTEM, "configurations");
    public static final Source AGENT_CONFIGS = new Source(Layer.AGENT, "agent_configs");
    public static final Source AGENT_CONFIGURATIONS = new Source(Layer.AGENT, "configurations");
    public static final Source TOOL_CONFIGURATIONS = new Source(Layer.TOOL, "configurations");
    public static final Source INSTANCE_CONFIG = new Source(Layer.INSTANCE, "tool_instances");

    /** Every source, lowest first: each overrides those before it. */
    public static final List<Source> PRECEDENCE = List.of(SYSTEM_CONFIG, SYSTEM_CONFIGURATIONS, AGENT_CONFIGS,
            AGENT_CONFIGURATIONS, TOOL_CONFIGURATIONS, INSTANCE_CONFIG);

    /**
     * One key of one source.
     *
     * @param value the value as stored (encrypted when {@code encrypted})
     * @param sourceId the row that holds it: the configuration, system setting, agent setting or tool instance
     */
    @RegisterForReflection
    public record Setting(String key, String value, ValueType type, boolean encrypted, Integer sourceId) {
    }

    /** Where a value was set. */
    @RegisterForReflection
    public record Origin(Layer layer, String source, @Schema(nullable = true) Integer sourceId) {
    }

    /**
     * The winning value of a key.
     *
     * @param origin the source it came from
     * @param overrides the sources that set the key too and lost, lowest first
     */
    @RegisterForReflection
    public record Resolved(String key, String value, ValueType type, boolean encrypted, Origin origin, List<Origin> overrides) {
    }

    private final Map<Source, List<Setting>> sources = new LinkedHashMap<>();

    /** Adds the settings of one source; each source at most once, each key at most once per source. */
    public ConfigurationLayers with(Source source, List<Setting> settings) {
        if (!PRECEDENCE.contains(source)) {
            throw new IllegalArgumentException("not a source of the configuration hierarchy: " + source);
        }
        if (sources.putIfAbsent(source, List.copyOf(settings)) != null) {
            throw new IllegalArgumentException("the settings of " + source + " are already given");
        }
        return this;
    }

    /** The effective settings, sorted by key. */
    public List<Resolved> merge() {
        Map<String, Resolved> merged = new TreeMap<>();
        for (Source source : PRECEDENCE) {
            Set<String> seen = new HashSet<>();
            for (Setting setting : sources.getOrDefault(source, List.of())) {
                if (!seen.add(setting.key())) {
                    throw new IllegalArgumentException("the key '" + setting.key() + "' appears twice in " + source);
                }
                Resolved below = merged.get(setting.key());
                List<Origin> overrides = new ArrayList<>();
                if (below != null) {
                    overrides.addAll(below.overrides());
                    overrides.add(below.origin());
                }
                Origin origin = new Origin(source.layer(), source.table(), setting.sourceId());
                merged.put(setting.key(), new Resolved(setting.key(), setting.value(), setting.type(), setting.encrypted(),
                        origin, List.copyOf(overrides)));
            }
        }
        return List.copyOf(merged.values());
    }
}
