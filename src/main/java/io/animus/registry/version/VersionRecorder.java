package io.animus.registry.version;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.identity.CurrentUser;

/**
 * Records the definitions that the API writes as version rows: a tool's or plugin's definition, its
 * hash and, for a tool, the instances its schema rejected. A definition already recorded under the
 * same version string is not recorded again; one that comes back with another body under a version
 * string already recorded is a new row that names the row it conflicts with. Discovery records its
 * versions in bulk in its own SQL, with the same rules.
 */
@ApplicationScoped
public class VersionRecorder {

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    @Inject
    CurrentUser currentUser;

    /**
     * SHA-256 (hex) of {@code body} as canonical JSON text: PostgreSQL's {@code jsonb} output, which
     * orders keys and has one spelling per value, so that the same definition always has the same hash.
     * It does not flush the session, so that an entity changed before is still written once.
     */
    public String hash(JsonNode body) {
        return (String) em.createNativeQuery("SELECT encode(sha256(convert_to(CAST(CAST(:body AS text) AS jsonb)::text, 'UTF8')), 'hex')")
                .setParameter("body", text(body)).setFlushMode(FlushModeType.COMMIT).getSingleResult();
    }

    /** Records a tool's definition, with the instances its schema rejects, unless it is recorded; answers its row. */
    public ToolVersion recordTool(Definition tool, List<InvalidInstance> invalidInstances) {
        return record(VersionTable.TOOLS, tool,
                row -> row.invalidInstances = invalidInstances.isEmpty() ? null : InvalidInstance.toJson(invalidInstances));
    }

    /** Records a plugin's definition unless it is recorded; answers its row. */
    public PluginVersion recordPlugin(Definition plugin) {
        return record(VersionTable.PLUGINS, plugin, row -> {
        });
    }

    /** The row of {@code definition} (its owner, hash and version string), written with {@code rest} when there is none. */
    private <R extends VersionRow> R record(VersionTable<R> table, Definition definition, Consumer<R> rest) {
        return em.createQuery("from " + table.entity() + " v where v.ownerId = :owner and v.manifestHash = :hash", table.rows())
                .setParameter("owner", definition.ownerId()).setParameter("hash", definition.hash()).getResultList().stream()
                .filter(row -> Objects.equals(row.version, definition.version())).findFirst().orElseGet(() -> {
                    R row = table.blank().get();
                    row.ownerId = definition.ownerId();
                    row.version = definition.version();
                    row.manifestHash = definition.hash();
                    row.manifest = definition.body();
                    row.configSchema = definition.configSchema();
                    row.source = "api";
                    row.recordedBy = currentUser.id();
                    row.conflictsWith = conflict(table, definition);
                    rest.accept(row);
                    row.persistAndFlush();
                    return row;
                });
    }

    /** The latest row of the same owner and version string with another hash; none for a row without a version string. */
    private Long conflict(VersionTable<?> table, Definition definition) {
        if (definition.version() == null) {
            return null;
        }
        Object id = em.createNativeQuery("SELECT max(id) FROM " + table.table() + " WHERE " + table.ownerColumn() + " = :owner"
                + " AND version = :version AND manifest_hash <> :hash").setParameter("owner", definition.ownerId())
                .setParameter("version", definition.version()).setParameter("hash", definition.hash()).getSingleResult();
        return id == null ? null : ((Number) id).longValue();
    }

    private String text(JsonNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
