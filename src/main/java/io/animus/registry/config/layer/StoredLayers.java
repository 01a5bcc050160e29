package io.animus.registry.config.layer;

import io.animus.registry.config.EntryKey;
import io.animus.registry.config.Scope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.animus.registry.config.layer.ConfigurationLayers.Origin;
import io.animus.registry.config.layer.ConfigurationLayers.Resolved;

/**
 * What one read of the database gives for a {@link LayerScope}: whether the tool instance, agent and
 * tool named exist (with what an access check needs of them), and the settings merged by
 * {@link ConfigurationLayers}, values as stored (secrets still encrypted). Immutable, so that a
 * replica may keep it for every caller; what a caller may see is decided on top of it.
 *
 * @param instance the tool instance asked for, or null when none was asked or it does not exist
 * @param agent the agent in effect (asked, or the instance's), or null when none or it does not exist
 * @param toolId the tool in effect when it exists, else null
 * @param version a digest of the merged settings as stored: it changes whenever a value, type, flag or
 *        source of the result changes
 */
public record StoredLayers(LayerScope asked, Instance instance, Agent agent, Integer toolId, List<Resolved> settings,
        String version, Memo memo) {

    /**
     * What is derived from these layers and the same for every caller allowed to see it (the masked
     * settings, a delivered body), built once per read of the layers. It belongs to one read: equal
     * layers read twice have two memos, which {@link StoredLayers#equals} leaves out.
     */
    public static final class Memo {
        private final ConcurrentHashMap<Key<?>, Object> values = new ConcurrentHashMap<>(4);

        /** What a memo holds under {@code key}, built by {@code build} the first time it is asked. */
        @SuppressWarnings("unchecked") // a value is only ever stored under the key of its type
        public <T> T get(Key<T> key, Supplier<T> build) {
            return (T) values.computeIfAbsent(key, ignored -> build.get());
        }

        /** One thing a memo may hold, of type {@code T}: each user declares its keys as constants, compared by identity. */
        public static final class Key<T> {
        }
    }

    /** A tool instance: the tool it is an instance of, and its agent (null for a global tool's master instance). */
    public record Instance(int id, int toolId, Integer agentId) {
    }

    /** An agent and its two visibility lists (null: no restriction). */
    public record Agent(int id, List<Integer> visibleToUsers, List<String> visibleToRoles) {
    }

    public StoredLayers {
        settings = List.copyOf(settings);
    }

    /** Equal when they hold the same layers, whatever their memos hold. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredLayers that && asked.equals(that.asked) && Objects.equals(instance, that.instance)
                && Objects.equals(agent, that.agent) && Objects.equals(toolId, that.toolId) && settings.equals(that.settings)
                && version.equals(that.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(asked, instance, agent, toolId, settings, version);
    }

    StoredLayers(LayerScope asked, Instance instance, Agent agent, Integer toolId, List<Resolved> settings) {
        this(asked, instance, agent, toolId, settings, digest(agent, toolId, instance, settings), new Memo());
    }

    /** The agent id in effect: the instance's when an instance was asked, else the one asked. */
    public Integer agentId() {
        return agent == null ? null : agent.id();
    }

    /** The entry a resolved value is stored under, which binds its encryption. */
    public EntryKey entryKey(Resolved resolved) {
        Origin origin = resolved.origin();
        return switch (origin.source()) {
            case "system_config" -> EntryKey.systemConfig(resolved.key());
            case "agent_configs" -> EntryKey.agentConfig(agentId(), resolved.key());
            default -> switch (origin.layer()) {
                case SYSTEM -> EntryKey.configuration(Scope.SYSTEM, null, resolved.key());
                case AGENT -> EntryKey.configuration(Scope.AGENT, agentId(), resolved.key());
                case TOOL -> EntryKey.configuration(Scope.TOOL, toolId, resolved.key());
                case INSTANCE -> throw new IllegalStateException("tool instance values are never encrypted");
            };
        };
    }

    private static String digest(Agent agent, Integer toolId, Instance instance, List<Resolved> settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder();
            text.append(agent == null ? "-" : agent.id()).append('|').append(toolId == null ? "-" : toolId).append('|')
                    .append(instance == null ? "-" : instance.id()).append('\n');
            for (Resolved resolved : settings) {
                text.append(resolved.key()).append('\u0000').append(resolved.value() == null ? "\u0001" : resolved.value())
                        .append('\u0000').append(resolved.type().label()).append('\u0000').append(resolved.encrypted())
                        .append('\u0000').append(resolved.origin()).append('\u0000').append(resolved.overrides()).append('\n');
                sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
            sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
