package io.animus.registry.discovery;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The record of one discovery scan that ran. Rows are written by the scan itself, in its transaction. */
@Entity
@Table(name = "discovery_runs")
public class DiscoveryRun extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "duration_ms")
    public long durationMs;

    @Column(name = "triggered_by")
    public String triggeredBy;

    public String outcome;

    public String home;

    public String replica;

    public int seen;

    public int created;

    public int updated;

    public int unchanged;

    @Column(name = "switched_off")
    public int switchedOff;

    @Column(name = "problem_count")
    public int problemCount;

    /** The problems, as {@code [{"path": ..., "reason": ...}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode problems;

    /** The run that started last, on any replica. */
    public static Optional<DiscoveryRun> latest() {
        return find("order by startedAt desc, id desc").firstResultOptional();
    }
}
