package io.animus.registry.config.secret;

import io.animus.registry.config.ConfigTable;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** The audit of one encrypted value shown in plaintext: which entry, to whom, when and through what. */
@Entity
@Table(name = "secret_reveals")
public class SecretReveal extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "table_name")
    public ConfigTable table;

    @Column(name = "entry_key")
    public String entryKey;

    public RevealPurpose purpose;

    @Column(name = "revealed_by")
    public Integer revealedBy;

    /** The module key a value was delivered to (purpose {@code delivery}); null for a user's reveal. */
    @Column(name = "service_key_id")
    public Integer serviceKeyId;

    /** Which stored version of the value was delivered (purpose {@code delivery}). */
    @Column(name = "value_version")
    public String valueVersion;

    @Generated(event = EventType.INSERT)
    @Column(name = "revealed_at", insertable = false, updatable = false)
    public Instant revealedAt;

    /** The reveals, newest first, of one entry when {@code entryKey} is not null. */
    public static PanacheQuery<SecretReveal> newestFirst(String entryKey) {
        return find(":key is null or entryKey = :key", Sort.descending("id"), Parameters.with("key", entryKey));
    }
}
