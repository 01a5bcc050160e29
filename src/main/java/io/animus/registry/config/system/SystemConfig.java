package io.animus.registry.config.system;

import io.animus.registry.config.ValueType;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A system-wide setting, addressed by its key and grouped by category. */
@Entity
@Table(name = "system_config")
public class SystemConfig extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    @Column(name = "config_key")
    public String configKey;

    @Column(name = "config_value")
    public String configValue;

    @NotNull
    @Column(name = "config_type")
    public ValueType configType = ValueType.STRING;

    public String description;

    @Column(name = "is_encrypted")
    public boolean encrypted;

    @NotBlank
    @Size(max = 50)
    public String category = "general";

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<SystemConfig> findByKey(String configKey) {
        return find("configKey", configKey).firstResultOptional();
    }
}
