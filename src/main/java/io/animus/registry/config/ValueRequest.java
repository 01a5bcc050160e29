package io.animus.registry.config;

import io.animus.registry.config.history.EntryState;
import io.animus.registry.config.system.SystemConfigStore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every request that writes a configuration entry carries, whatever its table calls the fields:
 * the value as text, its declared type, whether it is stored encrypted, and the entry's other columns.
 */
public interface ValueRequest {

    /** The value as text; null is a value too. */
    String value();

    /** The declared type of the value; null means {@code string}. */
    ValueType type();

    /** Whether the value is stored encrypted; null means not. */
    Boolean encrypted();

    /** The entry's other columns ({@code description}, {@code category}) as the history keeps them. */
    default ObjectNode details() {
        return EntryState.emptyDetails();
    }

    /** A details object holding just a description. */
    static ObjectNode described(String description) {
        return EntryState.emptyDetails().put("description", description);
    }

    /** The fields of the requests whose value and type are {@code config_value} and {@code config_type}: an agent's settings. */
    interface ConfigValueFields extends ValueRequest {

        String configValue();

        ValueType configType();

        @Override
        default String value() {
            return configValue();
        }

        @Override
        default ValueType type() {
            return configType();
        }
    }

    /** The fields of the requests on system settings, which also have a category and a description. */
    interface SystemConfigFields extends ConfigValueFields {

        String description();

        String category();

        /** The category ({@code general} when none is given) and the description. */
        @Override
        default ObjectNode details() {
            return EntryState.emptyDetails().put("category", category() == null ? SystemConfigStore.DEFAULT_CATEGORY : category())
                    .put("description", description());
        }
    }

    /** The fields of the requests on environment variables, whose values are text. */
    interface EnvVarFields extends ValueRequest {

        String varValue();

        String description();

        @Override
        default String value() {
            return varValue();
        }

        @Override
        default ValueType type() {
            return ValueType.STRING;
        }

        @Override
        default ObjectNode details() {
            return described(description());
        }
    }
}
