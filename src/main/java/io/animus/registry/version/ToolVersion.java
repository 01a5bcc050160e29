package io.animus.registry.version;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

/** One version a tool has had, with the instances its config_schema rejected when it was recorded. */
@Entity
@Immutable
@Table(name = "tool_versions")
@AttributeOverride(name = "ownerId", column = @Column(name = "tool_id"))
public class ToolVersion extends VersionRow {

    /** The JSON Schema of the tool's arguments in this version (an SMCP command's parameters), or NULL. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "input_schema")
    public JsonNode inputSchema;

    /** The instances whose configs did not satisfy {@link #configSchema} when the row was written: {@link InvalidInstance}s. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "invalid_instances")
    public JsonNode invalidInstances;
}
