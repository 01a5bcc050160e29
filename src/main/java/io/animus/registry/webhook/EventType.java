package io.animus.registry.webhook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/** The system events a webhook may subscribe to, spelled as receivers see them in {@code type}. */
public enum EventType implements Labelled {
    /** Discovery switched a tool, tool instance or plugin Off: its manifest has gone. Raised by a trigger. */
    SWITCHED_OFF("discovery.switched_off"),
    /** A discovery scan found problems the scan before it did not report. Raised by a trigger. */
    DISCOVERY_PROBLEMS("discovery.problems"),
    /** An account was locked after repeated failed logins. Raised by a trigger. */
    ACCOUNT_LOCKED("account.locked"),
    /** An admin saw an encrypted value in plaintext (reveal, effective configuration, export). Raised by a trigger. */
    SECRET_REVEALED("secret.revealed"),
    /** A service key was rotated, or every encrypted value was rewrapped under the current secrets key. */
    KEY_ROTATED("key.rotated"),
    /** A configuration entry was rolled back to an earlier version. Raised by a trigger. */
    CONFIGURATION_ROLLED_BACK("configuration.rolled_back"),
    /** A registry agent's Letta agent has gone from the Letta server (found by the Letta link's reconciliation). */
    LETTA_AGENT_MISSING("letta.agent_missing"),
    /** The Letta server has an agent that no registry agent names (found by the Letta link's reconciliation). */
    LETTA_AGENT_UNREGISTERED("letta.agent_unregistered"),
    /** A test event an admin sends to one webhook; every webhook receives it, whatever it subscribes to. */
    PING("ping");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static EventType of(String label) {
        return Labelled.fromLabel(EventType.class, label);
    }
}
