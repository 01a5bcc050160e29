package io.animus.registry.config.history;

import io.animus.registry.config.ConfigTable;
import io.animus.registry.config.EntryKey;
import io.animus.registry.config.ValueType;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** One version of a configuration entry: what a create, update or delete changed, who did it and when. */
@Entity
@Table(name = "config_history")
public class ConfigHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "table_name", updatable = false)
    public ConfigTable table;

    @Column(name = "entry_key", updatable = false)
    public String entryKey;

    @Column(updatable = false)
    public int version;

    @Column(updatable = false)
    public HistoryAction action;

    /** The version this one restored, when a rollback wrote it. */
    @Column(name = "rolled_back_to", updatable = false)
    public Integer rolledBackTo;

    /** The value before, as stored; only a rewrap of the keys changes it afterwards. */
    @Column(name = "old_value")
    public String oldValue;

    @Column(name = "old_type", updatable = false)
    public ValueType oldType;

    @Column(name = "old_encrypted", updatable = false)
    public Boolean oldEncrypted;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "old_details", updatable = false)
    public ObjectNode oldDetails;

    /** The value after, as stored; only a rewrap of the keys changes it afterwards. */
    @Column(name = "new_value")
    public String newValue;

    @Column(name = "new_type", updatable = false)
    public ValueType newType;

    @Column(name = "new_encrypted", updatable = false)
    public Boolean newEncrypted;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "new_details", updatable = false)
    public ObjectNode newDetails;

    @Column(name = "changed_by", updatable = false)
    public Integer changedBy;

    @Generated(event = EventType.INSERT)
    @Column(name = "changed_at", insertable = false, updatable = false)
    public Instant changedAt;

    /** The state before the change; empty for a create. */
    public Optional<EntryState> before() {
        return oldType == null ? Optional.empty() : Optional.of(new EntryState(oldValue, oldType, oldEncrypted, oldDetails));
    }

    /** The state after the change; empty for a delete. */
    public Optional<EntryState> after() {
        return newType == null ? Optional.empty() : Optional.of(new EntryState(newValue, newType, newEncrypted, newDetails));
    }

    public static Optional<ConfigHistory> findVersion(String entryKey, int version) {
        return find("entryKey = ?1 and version = ?2", entryKey, version).firstResultOptional();
    }

    /** The versions of one entry, newest first. */
    public static PanacheQuery<ConfigHistory> versionsOf(EntryKey key) {
        return find("entryKey = :key", Sort.descending("version"), Parameters.with("key", key.text()));
    }

    /** Every version of every entry, newest first, of one table when {@code table} is not null. */
    public static PanacheQuery<ConfigHistory> newestFirst(ConfigTable table) {
        return find(":table is null or table = :table", Sort.descending("id"), Parameters.with("table", table));
    }

    public static Optional<ConfigHistory> findLatest(String entryKey) {
        return find("entryKey = ?1 order by version desc", entryKey).firstResultOptional();
    }
}
