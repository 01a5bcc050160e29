package io.animus.cli;

import picocli.CommandLine.Command;

/** {@code animus tools}: the tools ({@code /api/v1/tools}), named by {@code name}. */
@Command(name = "tools", description = "Tools: list, get, create, update, delete.")
public class Tools extends ResourceCommand {

    @Override
    String collection(Registry registry) {
        return "tools";
    }

    @Override
    String noun() {
        return "tool";
    }
}
