package io.animus.registry.tool;

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

import io.animus.registry.agent.Status;
import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A tool or module that Animus runs: global (MCP, Broca) or installed per agent. */
@Entity
@Table(name = "tools")
public class Tool extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @NotBlank
    @Size(max = 255)
    public String name;

    public String description;

    @Size(max = 32)
    public String emoji;

    @Size(max = 100)
    public String category;

    /** The tool's version string, as its manifest or the API gives it; SemVer where it parses as such. */
    @Size(max = 50)
    public String version;

    @NotNull
    public Status status = Status.READY;

    @NotNull
    @Column(name = "module_scope")
    public ModuleScope moduleScope = ModuleScope.GLOBAL;

    /** A JSON Schema that every instance's config must satisfy. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "config_schema")
    public JsonNode configSchema;

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

    /** The JSON Schema of the tool's arguments, for the tool of an SMCP plugin's command; NULL otherwise. Written only by discovery. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "input_schema", insertable = false, updatable = false)
    public JsonNode inputSchema;

    /** The hash of the definition that is current: the key, with {@link #version}, of its row in {@code tool_versions}. */
    @Column(name = "version_hash")
    public String versionHash;

    public static Optional<Tool> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
