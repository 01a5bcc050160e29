package io.animus.cli;

import picocli.CommandLine.Command;

/** {@code animus agents}: the agents ({@code /api/v1/agents}), named by {@code name}. */
@Command(name = "agents", description = "Agents: list, get, create, update, delete.")
public class Agents extends ResourceCommand {

    @Override
    String collection(Registry registry) {
        return "agents";
    }

    @Override
    String noun() {
        return "agent";
    }

    @Override
    String nameFilter() {
        return "name";
    }
}
