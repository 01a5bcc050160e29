package io.animus.registry.config.scoped;

import io.animus.registry.config.Scope;
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

import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One setting of a layer of the configuration hierarchy: the system, an agent, a tool or a user. */
@Entity
@Table(name = "configurations")
public class Configuration extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 255)
    public String key;

    public String value;

    @NotNull
    public ValueType type = ValueType.STRING;

    @NotNull
    public Scope scope;

    /** The agent, tool or user of the scope; NULL for the system scope. */
    @Column(name = "scope_id")
    public Integer scopeId;

    public String description;

    @Column(name = "is_encrypted")
    public boolean encrypted;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;
}
