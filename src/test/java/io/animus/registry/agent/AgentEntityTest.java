package io.animus.registry.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.agent.Status;
import io.animus.registry.testing.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** An agent survives the trip through Panache and the database: JSON config, visibility lists, status. */
@QuarkusTest
class AgentEntityTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void anAgentRoundTripsWithItsConfigAndVisibility() throws Exception {
        String uid = "agent-" + UUID.randomUUID();
        ObjectNode config = (ObjectNode) json.readTree("""
                {"model": "letta/letta-free", "temperature": 0.2, "tools": ["mcp", "broca"], "memory": {"limit": 2000}}""");

        Integer id = QuarkusTransaction.requiringNew().call(() -> {
            Agent agent = new Agent();
            agent.lettaUid = uid;
            agent.name = "Athena " + uid;
            agent.description = "Animus Configuration Assistant";
            agent.status = Status.HEALTHY;
            agent.config = config;
            agent.visibleToUsers = List.of(1, 5, 12);
            agent.visibleToRoles = List.of("admin", "user");
            agent.persist();
            return agent.id;
        });
        assertNotNull(id);

        Agent read = QuarkusTransaction.requiringNew().call(() -> Agent.findByLettaUid(uid).orElseThrow());
        assertEquals(id, read.id);
        assertEquals("Athena " + uid, read.name);
        assertEquals("Animus Configuration Assistant", read.description);
        assertEquals(Status.HEALTHY, read.status);
        assertEquals(config, read.config);
        assertEquals(List.of(1, 5, 12), read.visibleToUsers);
        assertEquals(List.of("admin", "user"), read.visibleToRoles);
        assertTrue(read.active);
        assertNotNull(read.createdAt);
        assertNotNull(read.updatedAt);

        // stored as the seed's JSON, readable by any client of the database
        Sql sql = new Sql(dataSource);
        assertEquals("Healthy", sql.value(String.class, "SELECT status FROM agents WHERE id = ?", id));
        assertEquals("array", sql.value(String.class, "SELECT jsonb_typeof(visible_to_users) FROM agents WHERE id = ?", id));
        assertEquals("[1, 5, 12]", sql.value(String.class, "SELECT visible_to_users::text FROM agents WHERE id = ?", id));
        assertEquals("[\"admin\", \"user\"]", sql.value(String.class, "SELECT visible_to_roles::text FROM agents WHERE id = ?", id));
        assertEquals("2000", sql.value(String.class, "SELECT config -> 'memory' ->> 'limit' FROM agents WHERE id = ?", id));
    }

    @Test
    void noVisibilityListIsStoredAsNullMeaningEveryone() {
        String uid = "agent-" + UUID.randomUUID();
        Integer id = QuarkusTransaction.requiringNew().call(() -> {
            Agent agent = new Agent();
            agent.lettaUid = uid;
            agent.persist();
            return agent.id;
        });

        Sql sql = new Sql(dataSource);
        assertEquals(Boolean.TRUE, sql.value(Boolean.class,
                "SELECT visible_to_users IS NULL AND visible_to_roles IS NULL AND config IS NULL AND name IS NULL FROM agents WHERE id = ?",
                id));
        Agent read = QuarkusTransaction.requiringNew().call(() -> Agent.<Agent> findById(id));
        assertNull(read.visibleToUsers);
        assertNull(read.visibleToRoles);
        assertEquals(Status.READY, read.status);
    }

    @Test
    void anUpdateThroughPanacheIsSavedAndMovesUpdatedAt() {
        String uid = "agent-" + UUID.randomUUID();
        Agent created = QuarkusTransaction.requiringNew().call(() -> {
            Agent agent = new Agent();
            agent.lettaUid = uid;
            agent.name = "Monday " + uid;
            agent.persist();
            return agent;
        });

        Agent updated = QuarkusTransaction.requiringNew().call(() -> {
            Agent agent = Agent.findByName("Monday " + uid).orElseThrow();
            agent.status = Status.DEGRADED;
            agent.visibleToRoles = List.of("viewer");
            return agent;
        });
        assertTrue(updated.updatedAt.isAfter(created.updatedAt), () -> created.updatedAt + " -> " + updated.updatedAt);

        Agent read = QuarkusTransaction.requiringNew().call(() -> Agent.findByLettaUid(uid).orElseThrow());
        assertEquals(Status.DEGRADED, read.status);
        assertEquals(List.of("viewer"), read.visibleToRoles);
        assertEquals(updated.updatedAt, read.updatedAt);
        assertEquals(created.createdAt, read.createdAt);
    }
}
