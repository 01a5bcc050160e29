package io.animus.registry.version;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The columns of a version row, whoever owns it: written once, from a manifest or from the API, and
 * never changed (the database refuses it). Each owner's entity names the column of {@link #ownerId}.
 */
@MappedSuperclass
public abstract class VersionRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The id of the tool or plugin whose version this is. */
    public Integer ownerId;

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

    /** Whether this row is the definition its owner has now, of version {@code currentVersion} and hash {@code currentHash}. */
    public boolean isCurrent(String currentVersion, String currentHash) {
        return manifestHash.equals(currentHash) && Objects.equals(version, currentVersion);
    }
}
