package io.animus.registry.agent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A Letta agent that users talk to: Athena, Monday, Timbre. */
@Entity
@Table(name = "agents")
public class Agent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    @Column(name = "letta_uid")
    public String lettaUid;

    @Size(max = 100)
    public String name;

    public String description;

    @NotNull
    public Status status = Status.READY;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode config;

    @Column(name = "is_active")
    public boolean active = true;

    /** The users allowed to see the agent; NULL means every user. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "visible_to_users")
    public List<Integer> visibleToUsers;

    /** The roles allowed to see the agent; NULL means every role. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "visible_to_roles")
    public List<String> visibleToRoles;

    public static Optional<Agent> findByLettaUid(String lettaUid) {
        return find("lettaUid", lettaUid).firstResultOptional();
    }

    public static Optional<Agent> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
