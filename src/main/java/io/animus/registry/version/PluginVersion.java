package io.animus.registry.version;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One version a plugin has had: written once, from a manifest or from the API, and never changed (the database refuses it); its config_schema is the manifest's, when it has one. */
@Entity
@Immutable
@Table(name = "plugin_versions")
public class PluginVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "plugin_id")
    public Integer pluginId;

    public String version;

    /** SHA-256 of the manifest's bytes, or of the API definition as canonical JSON text. */
    @Column(name = "manifest_hash")
    public String manifestHash;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode manifest;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "config_schema")
    public JsonNode configSchema;

    public String source;

    @Column(name = "discovered_from")
    public String discoveredFrom;

    @Column(name = "discovery_run_id")
    public Long discoveryRunId;

    @Column(name = "recorded_by")
    public Integer recordedBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "recorded_at", updatable = false)
    public Instant recordedAt;

    @Column(name = "conflicts_with")
    public Long conflictsWith;
}
