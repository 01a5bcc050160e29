package io.animus.registry.plugin;

import java.time.Instant;
import java.util.List;

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
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.tool.Tool;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An extension of one tool; it follows the tool's scope and may depend on the tool's other plugins. */
@Entity
@Table(name = "plugins")
public class Plugin extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tool_id")
    public Tool tool;

    @NotBlank
    @Size(max = 255)
    public String name;

    /** The tool's scope, copied by the database from the tool and kept in step by a foreign key. */
    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "module_scope", insertable = false, updatable = false)
    public ModuleScope moduleScope;

    @Size(max = 50)
    public String version;

    @NotNull
    public PluginStatus status = PluginStatus.ACTIVE;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode config;

    /** Names of the plugins of the same tool that this one needs. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> dependencies;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "created_by")
    public User createdBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "is_enabled")
    public boolean enabled = true;

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

    /** The hash of the definition that is current: the key, with {@link #version}, of its row in {@code plugin_versions}. */
    @Column(name = "version_hash")
    public String versionHash;

    public static List<Plugin> listByTool(Tool tool) {
        return list("tool", tool);
    }
}
