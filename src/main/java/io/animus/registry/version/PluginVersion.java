package io.animus.registry.version;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One version a plugin has had; its config_schema is the manifest's, when it has one. */
@Entity
@Immutable
@Table(name = "plugin_versions")
@AttributeOverride(name = "ownerId", column = @Column(name = "plugin_id"))
public class PluginVersion extends VersionRow {
}
