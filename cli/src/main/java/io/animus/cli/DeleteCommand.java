package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code animus <resource> delete ID|NAME}: asks first on a terminal; {@code --yes} answers for scripts. */
@Command(name = "delete", description = "Delete an item (asks first; --yes does not).")
public class DeleteCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ResourceCommand resource;

    @Parameters(paramLabel = "ID|NAME")
    String reference;

    @Option(names = { "-y", "--yes" }, description = "Do not ask.")
    boolean yes;

    @Option(names = "--cascade", description = "Also delete what refers to it (where the API allows it).")
    boolean cascade;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        Registry registry = Registry.connect(spec);
        String id = resource.id(registry, reference);
        terminal.confirm("Delete " + resource.noun() + " " + reference + (cascade ? " and what refers to it" : "") + "?", yes);
        registry.call("DELETE", resource.itemPath(registry, id) + (cascade ? "?cascade=true" : ""), null, null, null);
        terminal.err().println("Deleted " + resource.noun() + " " + reference + ".");
        terminal.err().flush();
    }
}
