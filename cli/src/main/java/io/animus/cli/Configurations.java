package io.animus.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code animus configurations}: the scoped settings ({@code /api/v1/configurations}), named by {@code key}; {@code value} may be a secret. */
@Command(name = "configurations", description = "Scoped configuration entries: list, get, create, update, delete.")
public class Configurations extends ResourceCommand {

    @Option(names = "--scope", paramLabel = "SCOPE", scope = ScopeType.INHERIT, description = "List only this scope's entries.")
    String scope;

    @Override
    String collection(Registry registry) {
        return "configurations";
    }

    @Override
    String noun() {
        return "configuration";
    }

    @Override
    String nameField() {
        return "key";
    }

    @Override
    String nameFilter() {
        return "key";
    }

    @Override
    String secretField() {
        return "value";
    }

    @Override
    Map<String, Object> listFilters(Registry registry) {
        Map<String, Object> filters = super.listFilters(registry);
        filters.put("scope", scope);
        return filters;
    }
}
