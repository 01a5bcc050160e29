package io.animus.registry.letta;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The link's settings as admins saved them: one row; a NULL column leaves the environment's value. */
@Entity
@Table(name = "letta_settings")
public class LettaSettings extends PanacheEntityBase {

    static final short ROW = 1;

    @Id
    public Short id = ROW;

    @Column(name = "base_url")
    public String baseUrl;

    /** Sealed with the secrets key; never plaintext. */
    public String password;

    @Column(name = "connect_timeout_ms")
    public Integer connectTimeoutMs;

    @Column(name = "read_timeout_ms")
    public Integer readTimeoutMs;

    public String every;

    @Column(name = "switch_off_missing")
    public Boolean switchOffMissing;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by")
    public Integer updatedBy;
}
