package io.animus.registry.letta;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A Letta agent that no registry agent names, as the last completed reconciliation found it. */
@Entity
@Table(name = "letta_unregistered")
public class LettaUnregistered extends PanacheEntityBase {

    @Id
    @Column(name = "letta_id")
    public String lettaId;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "letta_tools")
    public List<String> lettaTools;

    @Column(name = "letta_updated_at")
    public Instant lettaUpdatedAt;

    @Column(name = "checked_at")
    public Instant checkedAt;

    @Column(name = "state_since")
    public Instant stateSince;
}
