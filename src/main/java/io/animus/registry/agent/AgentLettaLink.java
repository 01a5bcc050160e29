package io.animus.registry.agent;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A registry agent's link to its Letta agent, as the Letta link's last completed reconciliation stored it.
 * Mapped here, below the Letta link, so that the agent's answer can show it without the agent room
 * knowing the link (docs/decisions-letta.md); the link writes the table, the agent room only reads it.
 */
@Entity
@Table(name = "letta_links")
public class AgentLettaLink extends PanacheEntityBase {

    /** The registry agent has a Letta agent by its {@code letta_uid}. */
    public static final String LINKED = "linked";
    /** The Letta server has no agent with the id the registry agent names. */
    public static final String MISSING_IN_LETTA = "missing_in_letta";
    /** The registry agent's {@code letta_uid} cannot be a Letta agent id; it is never sent to Letta. */
    public static final String NOT_A_LETTA_ID = "not_a_letta_id";
    /** No reconciliation has checked the agent yet. */
    public static final String UNCHECKED = "unchecked";

    public static final List<String> STATES = List.of(LINKED, MISSING_IN_LETTA, NOT_A_LETTA_ID, UNCHECKED);

    @Id
    @Column(name = "agent_id")
    public Integer agentId;

    public String state;

    @Column(name = "letta_id")
    public String lettaId;

    @Column(name = "letta_name")
    public String lettaName;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "letta_tools")
    public List<String> lettaTools;

    @Column(name = "letta_updated_at")
    public Instant lettaUpdatedAt;

    @Column(name = "checked_at")
    public Instant checkedAt;

    @Column(name = "state_since")
    public Instant stateSince;

    public static Optional<AgentLettaLink> forAgent(int agentId) {
        return findByIdOptional(agentId);
    }

    /** The links of these agents, by agent id; an agent without one has no entry. */
    public static Map<Integer, AgentLettaLink> forAgents(Collection<Integer> agentIds) {
        if (agentIds.isEmpty()) {
            return Map.of();
        }
        return AgentLettaLink.<AgentLettaLink> list("agentId in ?1", agentIds).stream()
                .collect(Collectors.toMap(link -> link.agentId, Function.identity()));
    }

    /**
     * The version of an agent's answer: the later of the agent's {@code updated_at} and its link's
     * {@code checked_at}. Both only move forward, and every write of either sets it to the database's
     * present, so the answer's entity tag changes whenever the agent or its link does.
     */
    public static Instant version(Agent agent, AgentLettaLink link) {
        if (link == null || link.checkedAt == null || agent.updatedAt != null && !link.checkedAt.isAfter(agent.updatedAt)) {
            return agent.updatedAt;
        }
        return link.checkedAt;
    }
}
