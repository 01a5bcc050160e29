package io.animus.registry.letta;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.agent.AgentCache;
import io.animus.registry.database.AdvisoryLock;
import io.animus.registry.agent.AgentLettaLink;
import io.animus.registry.event.LettaAgentMissing;
import io.animus.registry.event.LettaAgentUnregistered;
import io.animus.registry.letta.LettaClient.LettaAgent;
import io.animus.registry.letta.LettaFailure.Reason;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One reconciliation with Letta: take the lock (or skip), page through every Letta agent (outside any
 * transaction, bounded by the page limit and a repeated cursor), then in one transaction give each registry
 * agent its link state, list the Letta agents no registry agent names, raise the events of the states that
 * changed, and record the run. A run that fails changes nothing but its own record: the last good states
 * stay, with their {@code checked_at}.
 */
@ApplicationScoped
public class LettaReconciliation {

    /** The key of the reconciliation's advisory lock: "letta" in ASCII; discovery's lock has another. */
    static final long LOCK_KEY = 0x6c65747461L;

    static final String SCHEDULE = "schedule";
    static final String MANUAL = "manual";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    private static final Logger LOG = Logger.getLogger(LettaReconciliation.class);
    private static final String REPLICA = ProcessHandle.current().pid() + "@" + hostName();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    LettaLink link;

    @Inject
    LettaConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    AgentCache agentCache;

    @Inject
    Event<LettaAgentMissing> missingEvents;

    @Inject
    Event<LettaAgentUnregistered> unregisteredEvents;

    /** A run that ran (its record), or did not because another holds the lock or one ran lately. */
    public record Outcome(Optional<LettaRunResponse> run, String skipped) {
        static Outcome skipped(String why) {
            return new Outcome(Optional.empty(), why);
        }
    }

    /** The scheduled run: skipped when the interval is off or any replica started one less than an interval ago. */
    public Outcome scheduled() {
        LinkSettings settings = link.settings();
        if (settings.interval().isEmpty()) {
            return Outcome.skipped("off");
        }
        if (settings.url().isEmpty()) {
            return Outcome.skipped("not configured");
        }
        Duration interval = settings.interval().get();
        return run(settings, SCHEDULE, interval.minus(interval.dividedBy(20)));
    }

    /** A run now, as an admin asks for it; empty run when another holds the lock. */
    public Outcome now() {
        return run(link.settings(), MANUAL, null);
    }

    Outcome run(LinkSettings settings, String trigger, Duration minimumGap) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("A reconciliation with Letta runs its own transactions; call it outside one");
        }
        try (AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, LOCK_KEY, "Letta link's lock")) {
            if (!lock.held()) {
                return Outcome.skipped("locked");
            }
            if (minimumGap != null && lock.ranWithin("letta_runs", minimumGap)) {
                return Outcome.skipped("recent");
            }
            return new Outcome(Optional.of(reconcile(settings, trigger, lock.startedAt())), null);
        } catch (SQLException e) {
            throw new IllegalStateException("The Letta link's lock could not be taken: " + e.getMessage(), e);
        }
    }

    /** What the pages gave: Letta's agents by id, and how many pages it took. */
    record Fetched(Map<String, LettaAgent> agents, int pages) {
    }

    private LettaRunResponse reconcile(LinkSettings settings, String trigger, Instant startedAt) {
        long start = System.nanoTime();
        String url = settings.url().map(Object::toString).orElse(null);
        Fetched fetched;
        try {
            fetched = fetch(settings);
        } catch (LettaFailure e) {
            LOG.warnf("The reconciliation with Letta at %s failed: %s (%s); the last states stay", url, e.getMessage(), e.reason().label());
            return recordFailure(startedAt, start, trigger, url, e.reason().label() + ": " + e.getMessage());
        }
        try {
            long fetchedAt = System.nanoTime();
            LettaRunResponse run = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(
                    connection -> write(connection, settings, fetched, trigger, startedAt, start, url)));
            agentCache.evictAll();
            LOG.debugf("Reconciliation with Letta: %d agents in %d pages fetched in %d ms, written in %d ms", fetched.agents().size(),
                    fetched.pages(), (fetchedAt - start) / 1_000_000, (System.nanoTime() - fetchedAt) / 1_000_000);
            return run;
        } catch (RuntimeException e) {
            LOG.errorf(e, "The reconciliation with Letta could not write its states; they were rolled back");
            return recordFailure(startedAt, start, trigger, url, "the states could not be written and were rolled back: " + rootMessage(e));
        }
    }

    /** Every Letta agent, page by page: ends on a short page, a repeated cursor or the page limit. */
    Fetched fetch(LinkSettings settings) throws LettaFailure {
        LettaClient client = new LettaClient(settings, json);
        Map<String, LettaAgent> agents = new LinkedHashMap<>();
        Set<String> cursors = new HashSet<>();
        String after = null;
        int pages = 0;
        while (true) {
            if (pages >= settings.maxPages()) {
                throw new LettaFailure(Reason.TOO_MANY_PAGES, "Letta still had agents after " + pages
                        + " pages (animus.letta.max-pages): the run stopped there and changed nothing");
            }
            List<LettaAgent> page = client.agents(after, settings.pageSize());
            pages++;
            for (LettaAgent agent : page) {
                agents.putIfAbsent(agent.id(), agent);
            }
            if (page.size() < settings.pageSize()) {
                return new Fetched(agents, pages);
            }
            String next = page.get(page.size() - 1).id();
            if (!cursors.add(next) || next.equals(after)) {
                throw new LettaFailure(Reason.ENDLESS_CURSOR, "Letta gave the cursor " + next + " twice (page " + pages
                        + "): its paging does not advance; the run stopped and changed nothing");
            }
            after = next;
        }
    }

    /** A registry agent as the comparison needs it. */
    private record Registered(int id, String lettaUid, String name, String status) {
    }

    private LettaRunResponse write(Connection connection, LinkSettings settings, Fetched fetched, String trigger, Instant startedAt,
            long start, String url) throws SQLException {
        List<Registered> registered = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, letta_uid, name, status FROM agents FOR UPDATE");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                registered.add(new Registered(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        Map<Integer, String> previous = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT agent_id, state FROM letta_links");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                previous.put(rows.getInt(1), rows.getString(2));
            }
        }
        Set<String> previouslyUnregistered = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT letta_id FROM letta_unregistered");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                previouslyUnregistered.add(rows.getString(1));
            }
        }
        Map<String, LettaAgent> unclaimed = new LinkedHashMap<>(fetched.agents());
        int n = registered.size();
        Integer[] ids = new Integer[n];
        String[] states = new String[n];
        String[] lettaIds = new String[n];
        String[] names = new String[n];
        String[] tools = new String[n];
        Timestamp[] updated = new Timestamp[n];
        int linked = 0;
        int missing = 0;
        int notLettaIds = 0;
        List<Registered> newlyMissing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Registered agent = registered.get(i);
            ids[i] = agent.id();
            String lettaId = LettaIds.of(agent.lettaUid()).orElse(null);
            lettaIds[i] = lettaId;
            if (lettaId == null) {
                states[i] = AgentLettaLink.NOT_A_LETTA_ID;
                notLettaIds++;
                continue;
            }
            LettaAgent found = unclaimed.remove(lettaId);
            if (found == null && fetched.agents().containsKey(lettaId)) {
                found = fetched.agents().get(lettaId);
            }
            if (found == null) {
                states[i] = AgentLettaLink.MISSING_IN_LETTA;
                missing++;
                if (!AgentLettaLink.MISSING_IN_LETTA.equals(previous.get(agent.id()))) {
                    newlyMissing.add(agent);
                }
            } else {
                states[i] = AgentLettaLink.LINKED;
                names[i] = found.name();
                tools[i] = toJson(found.tools());
                updated[i] = found.updatedAt() == null ? null : Timestamp.from(found.updatedAt());
                linked++;
            }
        }
        Timestamp checkedAt = now(connection);
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO letta_links (agent_id, state, letta_id, letta_name, letta_tools, letta_updated_at, checked_at, state_since)
                SELECT t.agent_id, t.state, t.letta_id, t.letta_name, CAST(t.letta_tools AS jsonb), t.letta_updated_at, ?, ?
                FROM unnest(?, ?, ?, ?, ?, ?) AS t (agent_id, state, letta_id, letta_name, letta_tools, letta_updated_at)
                ON CONFLICT (agent_id) DO UPDATE SET state = EXCLUDED.state, letta_id = EXCLUDED.letta_id,
                    letta_name = EXCLUDED.letta_name, letta_tools = EXCLUDED.letta_tools,
                    letta_updated_at = EXCLUDED.letta_updated_at, checked_at = EXCLUDED.checked_at,
                    state_since = CASE WHEN letta_links.state = EXCLUDED.state THEN letta_links.state_since ELSE EXCLUDED.state_since END
                """)) {
            upsert.setTimestamp(1, checkedAt);
            upsert.setTimestamp(2, checkedAt);
            upsert.setArray(3, connection.createArrayOf("integer", ids));
            upsert.setArray(4, connection.createArrayOf("varchar", states));
            upsert.setArray(5, connection.createArrayOf("varchar", lettaIds));
            upsert.setArray(6, connection.createArrayOf("text", names));
            upsert.setArray(7, connection.createArrayOf("text", tools));
            upsert.setArray(8, connection.createArrayOf("timestamptz", updated));
            upsert.executeUpdate();
        }
        writeUnregistered(connection, unclaimed, checkedAt);
        int switchedOff = 0;
        Set<Integer> switched = new HashSet<>();
        if (settings.switchOffMissing() && !newlyMissing.isEmpty()) {
            Integer[] off = newlyMissing.stream().map(Registered::id).toArray(Integer[]::new);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE agents SET status = 'Off' WHERE id = ANY (?) AND status <> 'Off' RETURNING id")) {
                update.setArray(1, connection.createArrayOf("integer", off));
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        switched.add(rows.getInt(1));
                    }
                }
            }
            switchedOff = switched.size();
        }
        for (Registered agent : newlyMissing) {
            missingEvents.fire(new LettaAgentMissing(agent.id(), agent.lettaUid(), LettaIds.of(agent.lettaUid()).orElse(null), agent.name(),
                    switched.contains(agent.id())));
        }
        for (LettaAgent agent : unclaimed.values()) {
            if (!previouslyUnregistered.contains(agent.id())) {
                unregisteredEvents.fire(new LettaAgentUnregistered(agent.id(), agent.name()));
            }
        }
        long id = insertRun(connection, startedAt, elapsedMs(start), trigger, COMPLETED, url, fetched.pages(), fetched.agents().size(),
                linked, missing, notLettaIds, unclaimed.size(), switchedOff, null);
        return new LettaRunResponse(id, startedAt, elapsedMs(start), trigger, COMPLETED, url, REPLICA, fetched.pages(),
                fetched.agents().size(), linked, missing, notLettaIds, unclaimed.size(), switchedOff, null);
    }

    private void writeUnregistered(Connection connection, Map<String, LettaAgent> unclaimed, Timestamp checkedAt) throws SQLException {
        int n = unclaimed.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        String[] descriptions = new String[n];
        String[] tools = new String[n];
        Timestamp[] updated = new Timestamp[n];
        int i = 0;
        for (LettaAgent agent : unclaimed.values()) {
            ids[i] = agent.id();
            names[i] = agent.name();
            descriptions[i] = agent.description();
            tools[i] = toJson(agent.tools());
            updated[i] = agent.updatedAt() == null ? null : Timestamp.from(agent.updatedAt());
            i++;
        }
        Array idArray = connection.createArrayOf("varchar", ids);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM letta_unregistered WHERE NOT (letta_id = ANY (?))")) {
            delete.setArray(1, idArray);
            delete.executeUpdate();
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO letta_unregistered (letta_id, name, description, letta_tools, letta_updated_at, checked_at, state_since)
                SELECT t.letta_id, t.name, t.description, CAST(t.letta_tools AS jsonb), t.letta_updated_at, ?, ?
                FROM unnest(?, ?, ?, ?, ?) AS t (letta_id, name, description, letta_tools, letta_updated_at)
                ON CONFLICT (letta_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
                    letta_tools = EXCLUDED.letta_tools, letta_updated_at = EXCLUDED.letta_updated_at, checked_at = EXCLUDED.checked_at
                """)) {
            upsert.setTimestamp(1, checkedAt);
            upsert.setTimestamp(2, checkedAt);
            upsert.setArray(3, idArray);
            upsert.setArray(4, connection.createArrayOf("text", names));
            upsert.setArray(5, connection.createArrayOf("text", descriptions));
            upsert.setArray(6, connection.createArrayOf("text", tools));
            upsert.setArray(7, connection.createArrayOf("timestamptz", updated));
            upsert.executeUpdate();
        }
    }

    private LettaRunResponse recordFailure(Instant startedAt, long start, String trigger, String url, String problem) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(connection -> {
                long id = insertRun(connection, startedAt, elapsedMs(start), trigger, FAILED, url, 0, 0, 0, 0, 0, 0, 0, problem);
                return new LettaRunResponse(id, startedAt, elapsedMs(start), trigger, FAILED, url, REPLICA, 0, 0, 0, 0, 0, 0, 0, problem);
            }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "The failed reconciliation with Letta could not be recorded either");
            return new LettaRunResponse(0, startedAt, elapsedMs(start), trigger, FAILED, url, REPLICA, 0, 0, 0, 0, 0, 0, 0, problem);
        }
    }

    private long insertRun(Connection connection, Instant startedAt, long durationMs, String trigger, String outcome, String url, int pages,
            int lettaAgents, int linked, int missing, int notLettaIds, int unregistered, int switchedOff, String problem) throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO letta_runs (started_at, duration_ms, triggered_by, outcome, letta_url, replica, pages, letta_agents, linked,
                    missing, not_a_letta_id, unregistered, switched_off, problem)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)) {
            int p = 1;
            insert.setTimestamp(p++, Timestamp.from(startedAt));
            insert.setLong(p++, durationMs);
            insert.setString(p++, trigger);
            insert.setString(p++, outcome);
            insert.setString(p++, url);
            insert.setString(p++, REPLICA);
            insert.setInt(p++, pages);
            insert.setInt(p++, lettaAgents);
            insert.setInt(p++, linked);
            insert.setInt(p++, missing);
            insert.setInt(p++, notLettaIds);
            insert.setInt(p++, unregistered);
            insert.setInt(p++, switchedOff);
            insert.setString(p, problem);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
        }
        try (PreparedStatement prune = connection.prepareStatement(
                "DELETE FROM letta_runs WHERE id NOT IN (SELECT id FROM letta_runs ORDER BY started_at DESC, id DESC LIMIT ?)")) {
            prune.setInt(1, config.keepRuns());
            prune.executeUpdate();
        }
        return id;
    }

    private static Timestamp now(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT clock_timestamp()"); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    private String toJson(List<String> tools) {
        try {
            return json.writeValueAsString(tools);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of names is always JSON", e);
        }
    }

    private static long elapsedMs(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown-host";
        }
    }
}
