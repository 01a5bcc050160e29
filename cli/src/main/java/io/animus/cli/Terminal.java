package io.animus.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the world: the environment, standard input and output, and the console
 * (null when there is no terminal). Tests give their own, so that nothing reads the real process's.
 */
public record Terminal(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, Console console) {

    /** The process's own environment, streams and console. */
    public static Terminal system() {
        return new Terminal(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, System.console());
    }

    /** Whether someone sits at a terminal who can answer a question. */
    public boolean interactive() {
        return console != null;
    }

    /** An environment variable, null when unset or empty. */
    public String variable(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The folder of the user's settings: {@code $XDG_CONFIG_HOME/animus}, by default {@code ~/.config/animus}. */
    public Path configFolder() {
        String xdg = variable("XDG_CONFIG_HOME");
        Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("animus");
    }

    /**
     * A secret: from a prompt on a terminal (not echoed), else the whole of standard input without its
     * final line break. Never from an argument, which other users of the machine can read.
     */
    public String secret(String prompt) {
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                throw new Failure(Exit.USAGE, "no answer to \"" + prompt.strip() + "\": type it, or pipe it on standard input");
            }
            return new String(typed);
        }
        try {
            String read = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (read.endsWith("\n")) {
                read = read.substring(0, read.endsWith("\r\n") ? read.length() - 2 : read.length() - 1);
            }
            if (read.isEmpty()) {
                throw new Failure(Exit.USAGE, "no terminal to ask \"" + prompt.strip() + "\" and nothing on standard input: pipe the value in");
            }
            return read;
        } catch (IOException e) {
            throw new Failure(Exit.USAGE, "cannot read standard input: " + e.getMessage());
        }
    }

    /** A yes/no question, answered by {@code --yes}; without a terminal and without it, a usage failure. */
    public void confirm(String question, boolean yes) {
        if (yes) {
            return;
        }
        if (console == null) {
            throw new Failure(Exit.USAGE, "no terminal to ask \"" + question + "\": give --yes");
        }
        String answer = console.readLine("%s [y/N] ", question);
        if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            throw new Failure(Exit.ERROR, "not done: the answer was not yes");
        }
    }
}
