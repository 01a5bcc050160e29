package io.animus.registry.letta;

/**
 * What went wrong speaking to Letta, as a reason code an operator can act on and a sentence naming it.
 * Never carries the password, nor Letta's answer beyond a short excerpt of its shape.
 */
public final class LettaFailure extends Exception {

    /** The kinds of failure, spelled as the API shows them. */
    public enum Reason {
        NOT_CONFIGURED("not_configured"),
        NAME_NOT_RESOLVED("name_not_resolved"),
        REFUSED("refused"),
        CONNECT_TIMED_OUT("connect_timed_out"),
        TIMED_OUT("timed_out"),
        UNAUTHORIZED("unauthorized"),
        SERVER_ERROR("server_error"),
        NOT_LETTA("not_a_letta_server"),
        TOO_LARGE("answer_too_large"),
        ENDLESS_CURSOR("endless_cursor"),
        TOO_MANY_PAGES("too_many_pages"),
        UNREACHABLE("unreachable");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public LettaFailure(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
