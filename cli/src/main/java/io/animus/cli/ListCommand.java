package io.animus.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code animus <resource> list}: every item, all pages read, narrowed by the list's filters. */
@Command(name = "list", description = "List the items (all pages).")
public class ListCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ResourceCommand resource;

    @Option(names = "--filter", paramLabel = "NAME=VALUE", description = "A filter of the list endpoint, e.g. --filter status=Healthy.")
    Map<String, String> filters = new LinkedHashMap<>();

    @Override
    public void run() {
        Registry registry = Registry.connect(spec);
        Map<String, Object> query = resource.listFilters(registry);
        query.putAll(filters);
        Animus animus = Animus.of(spec);
        Output.print(animus.terminal().out(), animus.format(), ResourceCommand.all(registry, resource.collection(registry), query));
    }
}
