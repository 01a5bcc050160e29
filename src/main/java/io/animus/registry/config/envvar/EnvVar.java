package io.animus.registry.config.envvar;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An environment variable handed to Animus processes on their hosts. */
@Entity
@Table(name = "env_vars")
public class EnvVar extends PanacheEntityBase {

    /** The form of a portable environment variable name. */
    public static final String NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    @Pattern(regexp = NAME_PATTERN)
    @Column(name = "var_name")
    public String varName;

    @Column(name = "var_value")
    public String varValue;

    @Column(name = "is_encrypted")
    public boolean encrypted;

    public String description;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<EnvVar> findByName(String varName) {
        return find("varName", varName).firstResultOptional();
    }
}
