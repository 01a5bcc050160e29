package io.animus.registry.discovery;

import io.animus.registry.database.AdvisoryLock;
import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.discovery.home.HomeWalk;
import io.animus.registry.discovery.home.HomeWalker;
import io.animus.registry.discovery.home.Location;
import io.animus.registry.discovery.home.Manifest;
import io.animus.registry.discovery.home.ManifestFile;
import io.animus.registry.discovery.home.ManifestReader;
import io.animus.registry.discovery.reconcile.Reconciler;
import io.animus.registry.discovery.reconcile.Reconciliation;
import io.animus.registry.discovery.reconcile.RegistrySnapshot;
import io.animus.registry.discovery.reconcile.RegistryStore;
import io.animus.registry.discovery.smcp.SmcpPlugins;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.database.StatementTimeouts;
import io.animus.registry.discovery.ScanReport.Trigger;
import io.animus.registry.tool.JsonSchemas;
import io.animus.registry.tool.SchemaUpgrade;
import io.animus.registry.web.Causes;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One discovery scan, start to end: take the lock (or skip), walk the home, read the manifests,
 * reconcile them into the registry in one transaction together with the run's record, and publish
 * the counts. The scheduler, the REST resource and the tests all call it; tests give it a home.
 * <p>
 * The file system is read before the transaction opens, so the transaction holds its connection
 * only for the database work. Everything a scan writes, the run record included, commits at once
 * or not at all: a crash in the middle leaves the previous state.
 */
@ApplicationScoped
public class DiscoveryScan {

    /** The key of the scan's advisory lock: "animus" in ASCII. Other locks of the registry use other keys. */
    static final long LOCK_KEY = 0x616e696d7573L;

    private static final Logger LOG = Logger.getLogger(DiscoveryScan.class);
    /** This replica in run records: {@code <pid>@<host>}, the host being the pod's name on Kubernetes. */
    private static final String REPLICA = ProcessHandle.current().pid() + "@" + hostName();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager em;

    @Inject
    JsonSchemas schemas;

    @Inject
    DiscoveryConfig config;

    @Inject
    SchemaUpgrade upgrade;

    @Inject
    AnimusHome home;

    @Inject
    DiscoveryMetrics metrics;

    private final HomeWalker walker = new HomeWalker();
    private final SmcpPlugins smcp = new SmcpPlugins();
    private final AtomicReference<ScanReport> last = new AtomicReference<>();
    /**
     * The manifests the last scan understood, by path, as {@linkplain Manifest#summary() summaries}. A
     * manifest is a function of its path and its bytes, so one whose hash is unchanged is taken from here
     * instead of being decoded, parsed and checked again: an unchanged rescan reads and hashes the files
     * and no more. Summaries, not whole manifests, so that what a rescan holds besides the registry's
     * snapshot is a few hundred bytes per manifest.
     */
    private volatile Map<String, Manifest> understood = Map.of();

    /** The scheduled scan of the configured home: skipped when any replica scanned less than an interval ago. */
    public ScanResult scheduled() {
        Duration gap = config.interval().map(interval -> minimumGap(interval, config.intervalMargin())).orElse(null);
        return run(home.path(), Trigger.SCHEDULE, gap);
    }

    /** A scan of the configured home now, as an admin asks for it. */
    public ScanResult now() {
        return run(home.path(), Trigger.MANUAL, null);
    }

    /**
     * Scans {@code animusHome}.
     *
     * @param minimumGap when not NULL, the scan is skipped if a run started less than this long ago
     */
    public ScanResult run(Path animusHome, Trigger trigger, Duration minimumGap) {
        return run(animusHome, trigger, minimumGap, config.walkTimeout());
    }

    /** Scans {@code animusHome}, giving the walk of the home and the reading of its manifests {@code walkBudget}. */
    ScanResult run(Path animusHome, Trigger trigger, Duration minimumGap, Duration walkBudget) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("A discovery scan runs its own transaction; call it outside one");
        }
        try (AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, LOCK_KEY, "discovery lock")) {
            if (!lock.held()) {
                metrics.skipped(ScanResult.Skipped.LOCKED);
                return ScanResult.skipped(ScanResult.Skipped.LOCKED);
            }
            if (minimumGap != null && lock.ranWithin("discovery_runs", minimumGap)) {
                metrics.skipped(ScanResult.Skipped.RECENT);
                return ScanResult.skipped(ScanResult.Skipped.RECENT);
            }
            ScanResult result = scan(animusHome, trigger, lock, walkBudget);
            last.set(result.report());
            metrics.record(result.report());
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("The discovery lock could not be taken: " + e.getMessage(), e);
        }
    }

    /**
     * A dry run of a scan of the configured home: the walk, the reading and the describing of a scan and
     * its reconciliation against the registry as it is, in a read-only transaction whose writers write
     * nothing, so that no row, version, event or run is written; under the same lock as a scan (skipped,
     * LOCKED, while one runs). Its report has no id and the outcome {@code dry_run}.
     */
    public DryRun dryRun() {
        return dryRun(home.path());
    }

    /** What a dry run found: the report of the scan it would be, and the changes it would make. */
    public record DryRun(ScanResult result, List<io.animus.registry.discovery.reconcile.Reconciliation.Change> changes) {
    }

    DryRun dryRun(Path animusHome) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("A discovery dry run runs its own transaction; call it outside one");
        }
        try (AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, LOCK_KEY, "discovery lock")) {
            if (!lock.held()) {
                return new DryRun(ScanResult.skipped(ScanResult.Skipped.LOCKED), List.of());
            }
            long start = System.nanoTime();
            Read read;
            try {
                read = read(animusHome, lock, start, start + config.walkTimeout().toNanos(), false);
            } catch (OutOfMemoryError | OutOfTime e) {
                String reason = e instanceof OutOfTime ? "the walk of the home and the reading of its manifests took longer than"
                        + " animus.discovery.walk-timeout (" + config.walkTimeout() + ")" : outOfMemory(e);
                return new DryRun(ScanResult.failed(dryReport(lock.startedAt(), start, animusHome, ScanCounts.NONE,
                        List.of(new DiscoveryProblem(".", reason))), e instanceof OutOfTime ? ScanResult.Failure.OUT_OF_TIME
                                : ScanResult.Failure.OUT_OF_MEMORY), List.of());
            }
            List<DiscoveryProblem> problems = read.problems();
            return QuarkusTransaction.requiringNew().timeout((int) config.transactionTimeout().toSeconds())
                    .call(() -> em.unwrap(Session.class).doReturningWork(connection -> {
                        try (java.sql.Statement readOnly = connection.createStatement()) {
                            readOnly.execute("SET TRANSACTION READ ONLY");
                        }
                        StatementTimeouts.budget(connection, config.transactionTimeout());
                        RegistryStore store = new RegistryStore(connection);
                        Reconciler reconciler = new Reconciler(store, connection, store.load(), read.walk().held, problems, upgrade, 0,
                                completion(read), true);
                        ScanCounts counts = reconciler.reconcile(read.manifests()).withSeen(read.seen());
                        return new DryRun(ScanResult.ran(dryReport(lock.startedAt(), start, animusHome, counts, problems)),
                                reconciler.changes());
                    }));
        } catch (SQLException e) {
            throw new IllegalStateException("The discovery lock could not be taken: " + e.getMessage(), e);
        }
    }

    private ScanReport dryReport(Instant startedAt, long start, Path animusHome, ScanCounts counts, List<DiscoveryProblem> problems) {
        List<DiscoveryProblem> sorted = sorted(problems);
        return new ScanReport(null, startedAt, elapsedMs(start), Trigger.MANUAL, ScanReport.DRY_RUN, animusHome.toString(), REPLICA, counts,
                sorted.size(), capped(sorted));
    }

    /** The last report of a scan that ran on this replica, if any. */
    public Optional<ScanReport> lastOnThisReplica() {
        return Optional.ofNullable(last.get());
    }

    /**
     * What the walk and the reading of the manifests gave: the manifests understood (whole when read now,
     * summaries when unchanged since the last scan) and the problems met.
     */
    private record Read(HomeWalk walk, List<Manifest> manifests, List<DiscoveryProblem> problems, ManifestReader reader, int seen) {
    }

    /** The walk and the reading of the manifests outlived {@code animus.discovery.walk-timeout}. */
    static final class OutOfTime extends RuntimeException {
        OutOfTime(String message) {
            super(message, null, false, false);
        }
    }

    private ScanResult scan(Path animusHome, Trigger trigger, AdvisoryLock lock, Duration walkBudget) throws SQLException {
        long start = System.nanoTime();
        Read read;
        try {
            read = read(animusHome, lock, start, start + walkBudget.toNanos(), true);
        } catch (OutOfMemoryError | OutOfTime e) {
            // the walk's structures went with read(): there is room to record the failure
            understood = Map.of();
            boolean outOfTime = e instanceof OutOfTime;
            String reason = (outOfTime
                    ? "the walk of the home and the reading of its manifests took longer than animus.discovery.walk-timeout (" + walkBudget + ")"
                    : outOfMemory(e)) + "; nothing was changed";
            LOG.errorf("The discovery scan of %s failed: %s", animusHome, reason);
            return ScanResult.failed(recordFailure(lock.startedAt(), start, trigger, animusHome, new ScanCounts(0, 0, 0, 0, 0),
                    new ArrayList<>(List.of(new DiscoveryProblem(".", reason)))), outOfTime ? ScanResult.Failure.OUT_OF_TIME : ScanResult.Failure.OUT_OF_MEMORY);
        }
        HomeWalk walk = read.walk();
        List<Manifest> manifests = read.manifests();
        List<DiscoveryProblem> problems = read.problems();
        int seen = read.seen();
        long readAt = System.nanoTime();
        try {
            return ScanResult.ran(QuarkusTransaction.requiringNew().timeout((int) config.transactionTimeout().toSeconds())
                    .call(() -> em.unwrap(Session.class).doReturningWork(connection -> {
                        StatementTimeouts.budget(connection, config.transactionTimeout());
                        RegistryStore store = new RegistryStore(connection);
                        RegistrySnapshot snapshot = store.load();
                        long loadedAt = System.nanoTime();
                        long runId = store.reserveRunId();
                        ScanCounts counts = new Reconciler(store, connection, snapshot, walk.held, problems, upgrade, runId,
                                completion(read))
                                .reconcile(manifests).withSeen(seen);
                        LOG.debugf("Discovery scan of %d manifests: walk and read %d ms, load %d ms, reconcile %d ms", seen,
                                (readAt - start) / 1_000_000, (loadedAt - readAt) / 1_000_000,
                                (System.nanoTime() - loadedAt) / 1_000_000);
                        return record(store, runId, lock.startedAt(), start, trigger, animusHome, ScanReport.COMPLETED, counts,
                                problems);
                    })));
        } catch (RuntimeException | OutOfMemoryError e) {
            // the transaction rolled back whatever it had written; an out-of-memory error unwound the
            // scan's manifests, so there is room to record the failure (and to drop the parse cache)
            understood = Map.of();
            LOG.errorf(e, "The discovery scan of %s failed; its changes were rolled back", animusHome);
            ScanResult.Failure failure = e instanceof OutOfMemoryError ? ScanResult.Failure.OUT_OF_MEMORY
                    : timedOut(e) ? ScanResult.Failure.OUT_OF_TIME : ScanResult.Failure.ERROR;
            String reason = switch (failure) {
                case OUT_OF_MEMORY -> outOfMemory(e);
                case OUT_OF_TIME -> "it took longer than animus.discovery.transaction-timeout (" + config.transactionTimeout() + ")";
                case ERROR -> rootMessage(e);
            };
            problems.add(new DiscoveryProblem(".", "the reconciliation failed and was rolled back: " + reason));
            return ScanResult.failed(recordFailure(lock.startedAt(), start, trigger, animusHome, new ScanCounts(seen, 0, 0, 0, 0), problems),
                    failure);
        }
    }

    /** Walks the home and reads its manifests, giving up past {@code deadline} (nanoTime). */
    private Read read(Path animusHome, AdvisoryLock lock, long start, long deadline, boolean remember) {
        HomeWalk walk = walker.walk(animusHome);
        LOG.debugf("Discovery walk of %s: %d manifests in %d ms", animusHome, walk.manifests.size(),
                (System.nanoTime() - start) / 1_000_000);
        checkTime(deadline);
        KnownHashes knownHashes = new KnownHashes(lock, new CheckedSchemas());
        ManifestReader reader = new ManifestReader(config.maxManifestSize().asLongValue());
        Map<String, Manifest> previously = understood;
        List<Object> read = walk.manifests.parallelStream()
                .map(file -> {
                    checkTime(deadline);
                    return readOne(reader, file, knownHashes, previously);
                }).toList();
        List<Manifest> manifests = new ArrayList<>();
        List<DiscoveryProblem> problems = Collections.synchronizedList(new ArrayList<>(walk.problems));
        for (Object outcome : read) {
            if (outcome instanceof Manifest manifest) {
                manifests.add(manifest);
            } else {
                DiscoveryProblem problem = (DiscoveryProblem) outcome;
                problems.add(problem);
                walk.held.hold(problem.path());
            }
        }
        Map<String, Manifest> accepted = new HashMap<>();
        manifests.forEach(manifest -> accepted.put(manifest.path(), manifest.summary()));
        if (remember) {
            understood = accepted;
        }
        int seen = walk.manifests.size();
        if (config.smcp().enabled()) {
            SmcpPlugins.Found found = describePlugins(animusHome, lock);
            manifests.addAll(found.manifests());
            problems.addAll(found.problems());
            found.held().forEach(walk.held::hold);
            seen += found.plugins();
        }
        return new Read(walk, manifests, problems, reader, seen);
    }

    /** The SMCP plugins of the home's plugins/ and of the configured SMCP plugins folder, described. */
    private SmcpPlugins.Found describePlugins(Path animusHome, AdvisoryLock lock) {
        DiscoveryConfig.Smcp settings = config.smcp();
        Path folder = settings.plugins().filter(value -> !value.isBlank()).map(AnimusHome::resolve).orElse(null);
        long start = System.nanoTime();
        try {
            SmcpPlugins.Found found = smcp.describe(animusHome, folder, lock.connection(), new SmcpPlugins.Settings(settings.python(),
                    settings.timeout(), settings.maxOutput().asLongValue(), settings.budget(), settings.concurrency()));
            LOG.debugf("Discovery described %d SMCP plugins (%d run) in %d ms", found.plugins(), found.ran(),
                    (System.nanoTime() - start) / 1_000_000);
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the stored SMCP plugins: " + e.getMessage(), e);
        }
    }

    /**
     * Completes a summary from its file, read again: refused when the file's bytes are no longer those the
     * summary was made of (it changed during the scan; the next scan takes it up).
     */
    private Reconciliation.Completion completion(Read read) {
        Map<String, ManifestFile> files = new HashMap<>();
        return summary -> {
            if (files.isEmpty()) {
                read.walk().manifests.forEach(file -> files.put(file.path(), file));
            }
            ManifestFile file = files.get(summary.path());
            if (file == null) {
                throw new ManifestReader.Refused("is no longer where the scan found it");
            }
            // the summary's bytes passed the schema check when they were understood: same bytes, same answer
            return read.reader().complete(file, summary, (schema, text) -> {
            });
        };
    }

    private static void checkTime(long deadline) {
        if (System.nanoTime() - deadline > 0) {
            throw new OutOfTime("the walk and the reading of the manifests ran out of time");
        }
    }

    /** Whether the reconciliation was cut by its statement bound or rolled back by its transaction timeout. */
    private static boolean timedOut(Throwable e) {
        return Causes.of(e).anyMatch(cause -> cause instanceof SQLException sql && "57014".equals(sql.getSQLState())
                || cause instanceof jakarta.transaction.RollbackException);
    }

    private static String outOfMemory(Throwable e) {
        return "out of memory (" + rootMessage(e) + "); give the service a larger heap";
    }

    private ScanReport recordFailure(Instant startedAt, long start, Trigger trigger, Path animusHome, ScanCounts counts,
            List<DiscoveryProblem> problems) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(connection -> record(
                    new RegistryStore(connection), null, startedAt, start, trigger, animusHome, ScanReport.FAILED, counts, problems)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "The failed discovery scan could not be recorded either");
            List<DiscoveryProblem> sorted = sorted(problems);
            return new ScanReport(null, startedAt, elapsedMs(start), trigger, ScanReport.FAILED, animusHome.toString(), REPLICA,
                    counts, sorted.size(), capped(sorted));
        }
    }

    private ScanReport record(RegistryStore store, Long runId, Instant startedAt, long start, Trigger trigger, Path animusHome,
            String outcome, ScanCounts counts, List<DiscoveryProblem> problems) throws SQLException {
        List<DiscoveryProblem> sorted = sorted(problems);
        List<DiscoveryProblem> stored = capped(sorted);
        long durationMs = elapsedMs(start);
        long id = store.insertRun(runId, startedAt, durationMs, trigger.label(), outcome, animusHome.toString(), REPLICA, counts,
                sorted.size(), RegistryStore.json(stored));
        store.pruneRuns(config.keepRuns());
        return new ScanReport(id, startedAt, durationMs, trigger, outcome, animusHome.toString(), REPLICA, counts, sorted.size(),
                stored);
    }

    /** A manifest, or the problem that keeps it out. */
    private Object readOne(ManifestReader reader, ManifestFile file, KnownHashes knownHashes, Map<String, Manifest> understood) {
        try {
            byte[] bytes = reader.bytes(file);
            String hash = ManifestReader.sha256(bytes);
            Manifest known = understood.get(file.path());
            if (known != null && known.hash().equals(hash) && known.location() == file.location()
                    && Objects.equals(known.agentFolder(), file.agentFolder())) {
                return known;
            }
            return reader.parse(file, bytes, hash, schemaCheck(file, hash, knownHashes));
        } catch (ManifestReader.Refused e) {
            return new DiscoveryProblem(file.path(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Reading the manifest %s failed unexpectedly", file.path());
            return new DiscoveryProblem(file.path(), "cannot be read (" + rootMessage(e) + ")");
        }
    }

    /**
     * The check of a manifest's config schema: skipped for plugins and when a stored row has the same bytes,
     * and made once per distinct schema in a scan.
     */
    private ManifestReader.SchemaCheck schemaCheck(ManifestFile file, String hash, KnownHashes knownHashes) {
        return (schema, text) -> {
            if (file.location() != Location.PLUGIN && !knownHashes.get().contains(hash)) {
                knownHashes.checked.check(schema, text);
            }
        };
    }

    /**
     * The verdicts on the config schemas one scan checked, by their compact text: a schema that many
     * manifests share (an agent module installed for every agent) is checked against the meta-schema and
     * compiled once. The text is the manifest's own, so the map adds no copy of it.
     */
    private final class CheckedSchemas {
        /** The refusal's reason, or the empty string for a schema that passed. */
        private final Map<String, String> verdicts = new ConcurrentHashMap<>();

        void check(JsonNode schema, String text) throws ManifestReader.Refused {
            String verdict = verdicts.computeIfAbsent(text, key -> {
                try {
                    schemas.checkSchema(schema);
                    return "";
                } catch (ProblemException e) {
                    return schemaProblem(e);
                }
            });
            if (!verdict.isEmpty()) {
                throw new ManifestReader.Refused(verdict);
            }
        }
    }

    /**
     * The manifest hashes of stored tools and instances, whose config schemas were checked when they
     * were stored; read once, and only when a scan meets a manifest it has not understood before.
     */
    private static final class KnownHashes {
        private final AdvisoryLock lock;
        /** The schemas this scan checked. */
        final CheckedSchemas checked;
        private Set<String> hashes;

        KnownHashes(AdvisoryLock lock, CheckedSchemas checked) {
            this.lock = lock;
            this.checked = checked;
        }

        synchronized Set<String> get() {
            if (hashes == null) {
                try {
                    hashes = RegistryStore.knownToolHashes(lock.connection());
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read the stored manifest hashes: " + e.getMessage(), e);
                }
            }
            return hashes;
        }
    }

    static String schemaProblem(ProblemException e) {
        StringBuilder reason = new StringBuilder(e.getMessage());
        List<Problem.FieldError> errors = e.errors();
        if (errors.size() > 1 || (errors.size() == 1 && !e.getMessage().contains(errors.get(0).message()))) {
            reason.append(": ");
            errors.stream().limit(5).forEach(error -> reason.append(error.field()).append(' ').append(error.message()).append("; "));
            reason.setLength(reason.length() - 2);
        }
        return reason.toString();
    }

    private List<DiscoveryProblem> capped(List<DiscoveryProblem> sorted) {
        return sorted.size() <= config.maxStoredProblems() ? sorted : sorted.subList(0, config.maxStoredProblems());
    }

    private static List<DiscoveryProblem> sorted(List<DiscoveryProblem> problems) {
        List<DiscoveryProblem> sorted;
        synchronized (problems) {
            sorted = new ArrayList<>(problems);
        }
        Collections.sort(sorted);
        return List.copyOf(sorted);
    }

    static Duration minimumGap(Duration interval, Duration margin) {
        Duration capped = margin.compareTo(interval.dividedBy(2)) > 0 ? interval.dividedBy(2) : margin;
        return interval.minus(capped);
    }

    private static long elapsedMs(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown-host";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
