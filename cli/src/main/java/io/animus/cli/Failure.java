package io.animus.cli;

import java.util.List;

/** A command that cannot go on: the exit status, one line that says what to do, and any field messages under it. */
public class Failure extends RuntimeException {

    private final int status;
    private final List<String> details;

    public Failure(int status, String message) {
        this(status, message, List.of());
    }

    public Failure(int status, String message, List<String> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public int status() {
        return status;
    }

    public List<String> details() {
        return details;
    }
}
