package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code animus <resource> create}: a new item from {@code -f FILE} and {@code --set} fields; prints what the registry stored. */
@Command(name = "create", description = "Create an item from -f FILE and --set fields.")
public class CreateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ResourceCommand resource;

    @Mixin
    Fields fields;

    @Override
    public void run() {
        Animus animus = Animus.of(spec);
        Registry registry = Registry.connect(spec);
        var body = fields.body(animus.terminal(), resource, null);
        resource.completeCreate(registry, body);
        Registry.Answer answer = registry.call("POST", resource.createPath(registry), body, "application/json", null);
        if (answer.body() != null) {
            Output.print(animus.terminal().out(), animus.format(), answer.body());
        }
    }
}
