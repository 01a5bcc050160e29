package io.animus.cli;

import picocli.CommandLine.Command;

/** {@code animus users}: the registry's users ({@code /api/v1/users}, admins only), named by {@code username}; a password only by {@code --secret}. */
@Command(name = "users", description = "Users (admins): list, get, create, update, delete (deactivates).")
public class Users extends ResourceCommand {

    @Override
    String collection(Registry registry) {
        return "users";
    }

    @Override
    String noun() {
        return "user";
    }

    @Override
    String nameField() {
        return "username";
    }

    @Override
    String secretField() {
        return "password";
    }

    @Override
    boolean alwaysSecret() {
        return true;
    }
}
