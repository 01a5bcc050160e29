package io.animus.registry.config;

import io.animus.registry.config.layer.LayerCache;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * Sees every statement this replica sends through Hibernate and, for one that changes a table the
 * effective configuration is read from (entity writes, bulk and native statements alike), drops the
 * {@link LayerCache} at once and when the transaction ends. This is what gives a client its own write
 * back on the replica that made it; other replicas learn of it from the database's announcement.
 */
@ApplicationScoped
@PersistenceUnitExtension
public class ConfigurationWrites implements StatementInspector {

    private static final Pattern WRITE = Pattern.compile(
            "^\\s*(?:insert\\s+into|update|delete\\s+from|truncate(?:\\s+table)?)\\s+(?:only\\s+)?"
                    + "(?:system_config|configurations|agent_configs|tool_instances|tools|agents)\\b",
            Pattern.CASE_INSENSITIVE);

    @Inject
    LayerCache cache;

    @Override
    public String inspect(String sql) {
        if (isWrite(sql)) {
            cache.dropOnCompletion();
        }
        return sql;
    }

    /** Whether a statement may change a table the layers are read from. */
    static boolean isWrite(String sql) {
        return WRITE.matcher(sql).find();
    }
}
