package io.animus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code animus login}: signs in with a user name and password and keeps the session, so that the next
 * commands need neither. The password comes from {@code ANIMUS_PASSWORD} or a prompt, never an argument.
 */
@Command(name = "login", description = { "Sign in to a registry; the session is kept for the next commands.",
        "The password is read from ANIMUS_PASSWORD, else asked (never an argument)." })
public class Login implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "The registry (default: ANIMUS_REGISTRY_URL, else the last one signed in to).")
    String url;

    @Option(names = { "-u", "--user" }, paramLabel = "NAME", description = "The user name (default: the last one signed in as).")
    String user;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        StoredSession previous = StoredSession.load(terminal);
        String target = url != null ? url : terminal.variable("ANIMUS_REGISTRY_URL") != null ? terminal.variable("ANIMUS_REGISTRY_URL")
                : previous != null ? previous.url() : null;
        if (target == null) {
            throw new Failure(Exit.USAGE, "which registry? give --url URL (or set ANIMUS_REGISTRY_URL)");
        }
        String name = user != null ? user : previous != null ? previous.username() : null;
        if (name == null) {
            throw new Failure(Exit.USAGE, "which user? give --user NAME");
        }
        Registry registry = Registry.anonymous(spec, target);
        String password = terminal.variable("ANIMUS_PASSWORD");
        if (password == null) {
            if (!terminal.interactive()) {
                throw new Failure(Exit.USAGE, "no terminal to ask the password of " + name + ": set ANIMUS_PASSWORD");
            }
            password = terminal.secret("Password of " + name + " at " + registry.url() + ": ");
        }
        JsonNode answer;
        try {
            answer = registry.anonymousCall("POST", "auth/login",
                    Output.JSON.createObjectNode().put("username", name).put("password", password)).body();
        } catch (Failure refused) {
            if (refused.status() == Exit.REFUSED) {
                throw new Failure(Exit.REFUSED, "the registry refused the user name or password of " + name
                        + " (or the account cannot sign in now): check them and run animus login again");
            }
            throw refused;
        }
        StoredSession session = new StoredSession(registry.url(), name, null, null, null).renewed(answer);
        session.save(terminal);
        terminal.err().println("Signed in to " + registry.url() + " as " + name + " (session kept in " + StoredSession.file(terminal) + ")");
        terminal.err().flush();
    }
}
