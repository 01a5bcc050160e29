package io.animus.registry.discovery.reconcile;

import io.animus.registry.discovery.reconcile.AgentFolders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.animus.registry.discovery.reconcile.RegistrySnapshot.AgentRow;

/** Matching of agent folders to registered agents. */
class AgentFoldersTest {

    private final AgentFolders folders = new AgentFolders(List.of(
            new AgentRow(1, "Athena", "agent-1111"),
            new AgentRow(2, "monday", "2222"),
            new AgentRow(3, null, "3333"),
            new AgentRow(4, "4444", "uid-four"),
            new AgentRow(5, "echo", "5555"),
            new AgentRow(6, "ECHO", "6666")));

    @Test
    void byName() {
        assertEquals(2, folders.match("monday").agentId());
        assertEquals(1, folders.match("Athena").agentId());
    }

    @Test
    void byLettaUid() {
        assertEquals(3, folders.match("3333").agentId());
        assertEquals(1, folders.match("agent-1111").agentId(), "a Letta uid that itself starts with agent-");
    }

    @Test
    void byAgentDashLettaUid() {
        assertEquals(2, folders.match("agent-2222").agentId());
        assertEquals(3, folders.match("agent-3333").agentId());
        assertEquals(1, folders.match("agent-agent-1111").agentId());
    }

    @Test
    void byNameIgnoringCaseOnlyWhenNothingMatchesExactly() {
        assertEquals(1, folders.match("athena").agentId());
        assertEquals(5, folders.match("echo").agentId(), "the exact name wins over ECHO");
        AgentFolders.Match ambiguous = folders.match("Echo");
        assertNull(ambiguous.agentId());
        assertTrue(ambiguous.problem().contains("several agents"), ambiguous.problem());
    }

    @Test
    void aFolderThatMatchesTwoAgentsExactlyIsAmbiguous() {
        AgentFolders twoWays = new AgentFolders(List.of(new AgentRow(1, "4444", "a"), new AgentRow(2, "b", "4444")));
        AgentFolders.Match match = twoWays.match("4444");
        assertNull(match.agentId());
        assertTrue(match.problem().contains("agent 1 by its name") && match.problem().contains("agent 2 by its letta_uid"), match.problem());
    }

    @Test
    void anUnknownFolderMatchesNothing() {
        AgentFolders.Match match = folders.match("zeus");
        assertNull(match.agentId());
        assertTrue(match.problem().contains("matches no registered agent"), match.problem());
        assertNull(folders.match("agent-").agentId());
    }
}
