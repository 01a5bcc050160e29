package io.animus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code animus logout}: ends the stored session at the registry (its refresh token stops working) and
 * forgets its tokens here, keeping the URL and the user for the next login.
 */
@Command(name = "logout", description = "End the session of animus login, at the registry and here.")
public class Logout implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Terminal terminal = Animus.of(spec).terminal();
        StoredSession session = StoredSession.load(terminal);
        if (session == null || !session.signedIn()) {
            terminal.err().println("Not signed in.");
            terminal.err().flush();
            return;
        }
        try {
            Registry.anonymous(spec, session.url()).anonymousCall("POST", "auth/logout",
                    Output.JSON.createObjectNode().put("refresh_token", session.refreshToken()));
        } catch (Failure failure) {
            session.signedOut().save(terminal);
            throw new Failure(failure.status(), "signed out here, but the registry did not end the session: " + failure.getMessage(),
                    failure.details());
        }
        session.signedOut().save(terminal);
        terminal.err().println("Signed out of " + session.url() + ".");
        terminal.err().flush();
    }
}
