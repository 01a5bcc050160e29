package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code animus <resource> get ID|NAME}: one item. */
@Command(name = "get", description = "Show one item, by id or name.")
public class GetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ResourceCommand resource;

    @Parameters(paramLabel = "ID|NAME")
    String reference;

    @Override
    public void run() {
        Registry registry = Registry.connect(spec);
        Animus animus = Animus.of(spec);
        String id = resource.id(registry, reference);
        Output.print(animus.terminal().out(), animus.format(), registry.get(resource.itemPath(registry, id)).body());
    }
}
