package io.animus.registry.tool;

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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.animus.registry.agent.Agent;
import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One running copy of a tool, with its own config: the master instance, or an agent's. */
@Entity
@Table(name = "tool_instances")
public class ToolInstance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tool_id")
    public Tool tool;

    /** The tool's scope, copied by the database from the tool and kept in step by a foreign key. */
    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "module_scope", insertable = false, updatable = false)
    public ModuleScope moduleScope;

    /** The agent whose instance this is; NULL is the master instance of a global tool. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "agent_id")
    public Agent agent;

    @Size(max = 255)
    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode config;

    @NotNull
    public Status status = Status.READY;

    @Column(name = "last_run")
    public Instant lastRun;

    @Column(name = "next_run")
    public Instant nextRun;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "is_active")
    public boolean active = true;

    /** The manifest this row was discovered from, relative to the Animus home; NULL for rows made through the API. Written only by discovery. */
    @Column(name = "discovered_from", insertable = false, updatable = false)
    public String discoveredFrom;

    /** SHA-256 of the manifest's bytes as last reconciled; NULL once the manifest has gone. Written only by discovery. */
    @Column(name = "manifest_hash", insertable = false, updatable = false)
    public String manifestHash;

    /** The whole manifest, unknown fields included. Written only by discovery. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "manifest", insertable = false, updatable = false)
    public JsonNode manifest;
}
