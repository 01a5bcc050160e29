package io.animus.registry.config;

import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The stable name of one configuration entry, whatever its row id: it addresses the entry's
 * history (which outlives a deleted row) and is bound to its encrypted value, so that the
 * ciphertext of one entry does not decrypt as another's.
 * <p>
 * Forms: {@code configurations:<scope>:<scope_id or empty>:<key>}, {@code system_config:<config_key>},
 * {@code env_vars:<var_name>}, {@code agent_configs:<agent_id>:<config_key>}. The entry's own key
 * comes last, so it may contain colons.
 *
 * @param scope the scope of a {@code configurations} entry, else null
 * @param ownerId the scope_id of a {@code configurations} entry or the agent of an {@code agent_configs} entry
 * @param name the entry's key within its table and owner
 */
@RegisterForReflection
public record EntryKey(ConfigTable table, Scope scope, Integer ownerId, String name) {

    public EntryKey {
        Objects.requireNonNull(table);
        Objects.requireNonNull(name);
    }

    public static EntryKey configuration(Scope scope, Integer scopeId, String key) {
        return new EntryKey(ConfigTable.CONFIGURATIONS, Objects.requireNonNull(scope), scopeId, key);
    }

    public static EntryKey systemConfig(String configKey) {
        return new EntryKey(ConfigTable.SYSTEM_CONFIG, null, null, configKey);
    }

    public static EntryKey envVar(String varName) {
        return new EntryKey(ConfigTable.ENV_VARS, null, null, varName);
    }

    public static EntryKey agentConfig(int agentId, String configKey) {
        return new EntryKey(ConfigTable.AGENT_CONFIGS, null, agentId, configKey);
    }

    /** The key of an entry, parsed from its text form. */
    public static EntryKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an entry key starts with its table: configurations, system_config, env_vars or agent_configs");
        }
        ConfigTable table = ConfigTable.of(text.substring(0, colon));
        String rest = text.substring(colon + 1);
        try {
            return switch (table) {
                case CONFIGURATIONS -> {
                    String[] parts = rest.split(":", 3);
                    if (parts.length < 3) {
                        throw new IllegalArgumentException("a configurations entry key is configurations:<scope>:<scope_id>:<key>");
                    }
                    yield configuration(Scope.of(parts[0]), parts[1].isEmpty() ? null : Integer.valueOf(parts[1]), parts[2]);
                }
                case AGENT_CONFIGS -> {
                    String[] parts = rest.split(":", 2);
                    if (parts.length < 2) {
                        throw new IllegalArgumentException("an agent_configs entry key is agent_configs:<agent_id>:<config_key>");
                    }
                    yield agentConfig(Integer.parseInt(parts[0]), parts[1]);
                }
                case SYSTEM_CONFIG -> systemConfig(rest);
                case ENV_VARS -> envVar(rest);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the id in an entry key must be an integer");
        }
    }

    /** The text form, also the additional authenticated data of the entry's encrypted values. */
    public String text() {
        return switch (table) {
            case CONFIGURATIONS -> table.label() + ":" + scope.label() + ":" + (ownerId == null ? "" : ownerId) + ":" + name;
            case AGENT_CONFIGS -> table.label() + ":" + ownerId + ":" + name;
            case SYSTEM_CONFIG, ENV_VARS -> table.label() + ":" + name;
        };
    }

    @Override
    public String toString() {
        return text();
    }
}
