package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code animus <resource> update ID|NAME}: the given fields changed, the others kept (a JSON merge
 * patch), on the version just read ({@code If-Match} of its {@code ETag}), so that nobody's change in
 * between is overwritten.
 */
@Command(name = "update", description = "Change the given fields of an item (-f FILE, --set); the others stay.")
public class UpdateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ResourceCommand resource;

    @Parameters(paramLabel = "ID|NAME")
    String reference;

    @Mixin
    Fields fields;

    @Override
    public void run() {
        Animus animus = Animus.of(spec);
        Registry registry = Registry.connect(spec);
        String path = resource.itemPath(registry, resource.id(registry, reference));
        Registry.Answer stored = registry.get(path);
        var patch = fields.body(animus.terminal(), resource, stored.body());
        if (patch.isEmpty()) {
            throw new Failure(Exit.USAGE, "nothing to change: give --set KEY=VALUE, -f FILE or --secret");
        }
        Registry.Answer answer = registry.call("PATCH", path, patch, "application/merge-patch+json", stored.etag());
        if (answer.body() != null) {
            Output.print(animus.terminal().out(), animus.format(), answer.body());
        }
    }
}
