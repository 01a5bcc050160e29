package io.animus.registry.template;

import java.time.Instant;
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

import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A named bundle an admin applies to make an agent or a tool with its settings (and tool instances) in one step. */
@Entity
@Table(name = "templates")
public class Template extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 100)
    public String name;

    public String description;

    @NotNull
    public TemplateKind kind;

    /** The parameters, as a JSON array of {@link TemplateParameter}. */
    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode parameters;

    /** The fields of what the template makes, with placeholders. */
    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode fields;

    /** The settings, as a JSON array of {@link TemplateSetting}. */
    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode settings;

    /** The tool instances, as a JSON array of {@link TemplateToolInstance}. */
    @NotNull
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "tool_instances")
    public JsonNode toolInstances;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Template> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
