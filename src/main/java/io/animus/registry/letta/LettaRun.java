package io.animus.registry.letta;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The record of one reconciliation with Letta that ran, completed or failed. */
@Entity
@Table(name = "letta_runs")
public class LettaRun extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "duration_ms")
    public long durationMs;

    @Column(name = "triggered_by")
    public String triggeredBy;

    public String outcome;

    @Column(name = "letta_url")
    public String lettaUrl;

    public String replica;

    public int pages;

    @Column(name = "letta_agents")
    public int lettaAgents;

    public int linked;

    public int missing;

    @Column(name = "not_a_letta_id")
    public int notLettaIds;

    public int unregistered;

    @Column(name = "switched_off")
    public int switchedOff;

    public String problem;

    public static Optional<LettaRun> latest() {
        return find("order by startedAt desc, id desc").firstResultOptional();
    }

    public static Optional<LettaRun> latestCompleted() {
        return find("outcome = 'completed' order by startedAt desc, id desc").firstResultOptional();
    }
}
