package io.animus.registry.console;

import java.util.stream.Collectors;

import io.animus.registry.config.layer.EffectiveConfiguration;

/** One line of an effective configuration as the console prints it: the value as text, where it came from and what it overrode. */
public record SettingRow(String key, String value, String type, boolean secret, String from, String overrides) {

    public static SettingRow of(EffectiveConfiguration.Setting setting) {
        String value = setting.value() == null ? "null"
                : setting.value().isTextual() ? setting.value().asText() : setting.value().toString();
        String from = setting.layer().label() + " · " + setting.source()
                + (setting.sourceId() == null ? "" : " #" + setting.sourceId());
        String overrides = setting.overrides() == null ? "" : setting.overrides().stream()
                .map(origin -> origin.layer().label() + " · " + origin.source()
                        + (origin.sourceId() == null ? "" : " #" + origin.sourceId()))
                .collect(Collectors.joining("; "));
        return new SettingRow(setting.key(), value, setting.type() == null ? "" : setting.type().label(),
                setting.encrypted(), from, overrides);
    }
}
