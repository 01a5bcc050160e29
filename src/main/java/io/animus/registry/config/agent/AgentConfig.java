package io.animus.registry.config.agent;

import io.animus.registry.config.ValueType;

import java.time.Instant;

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
import org.hibernate.generator.EventType;

import io.animus.registry.agent.Agent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A setting of one agent, unique per agent and key. */
@Entity
@Table(name = "agent_configs")
public class AgentConfig extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "agent_id")
    public Agent agent;

    @NotBlank
    @Size(max = 100)
    @Column(name = "config_key")
    public String configKey;

    @Column(name = "config_value")
    public String configValue;

    @NotNull
    @Column(name = "config_type")
    public ValueType configType = ValueType.STRING;

    @Column(name = "is_encrypted")
    public boolean encrypted;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;
}
