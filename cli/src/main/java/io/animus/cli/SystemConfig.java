package io.animus.cli;

import picocli.CommandLine.Command;

/** {@code animus system-config}: the system-wide settings ({@code /api/v1/system-config}), whose key is their id. */
@Command(name = "system-config", description = "System settings (by key): list, get, create, update, delete.")
public class SystemConfig extends ResourceCommand {

    @Override
    String collection(Registry registry) {
        return "system-config";
    }

    @Override
    String noun() {
        return "system setting";
    }

    @Override
    String nameField() {
        return "config_key";
    }

    @Override
    String secretField() {
        return "config_value";
    }

    @Override
    String id(Registry registry, String reference) {
        return reference;
    }
}
