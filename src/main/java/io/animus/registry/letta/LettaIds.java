package io.animus.registry.letta;

import java.util.Optional;

/**
 * The Letta agent a registry agent names: its {@code letta_uid} when that is a Letta agent id, or
 * {@code agent-} + its {@code letta_uid} when that makes one; otherwise none ({@code not_a_letta_id}), and
 * the uid is never sent to Letta.
 */
public final class LettaIds {

    private LettaIds() {
    }

    public static Optional<String> of(String lettaUid) {
        if (lettaUid == null) {
            return Optional.empty();
        }
        if (LettaClient.AGENT_ID.matcher(lettaUid).matches()) {
            return Optional.of(lettaUid);
        }
        String prefixed = "agent-" + lettaUid;
        return LettaClient.AGENT_ID.matcher(prefixed).matches() ? Optional.of(prefixed) : Optional.empty();
    }
}
