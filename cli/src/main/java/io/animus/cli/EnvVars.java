package io.animus.cli;

import picocli.CommandLine.Command;

/** {@code animus env-vars}: the environment variables handed to modules ({@code /api/v1/env-vars}), named by {@code var_name}. */
@Command(name = "env-vars", description = "Environment variables: list, get, create, update, delete.")
public class EnvVars extends ResourceCommand {

    @Override
    String collection(Registry registry) {
        return "env-vars";
    }

    @Override
    String noun() {
        return "environment variable";
    }

    @Override
    String nameField() {
        return "var_name";
    }

    @Override
    String nameFilter() {
        return "var_name";
    }

    @Override
    String secretField() {
        return "var_value";
    }
}
