package io.animus.registry.discovery.smcp;

import io.animus.registry.discovery.DiscoveryProblem;
import io.animus.registry.discovery.home.Manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * Finds SMCP plugins and describes them: each folder of the home's {@code plugins/} (and of the
 * configured SMCP plugins folder) with a {@code cli.py} and no {@code manifest.json}, named by its
 * folder as SMCP names it. A plugin whose {@code *.py} files hash as the plugin row stored by the last
 * scan is not run again (nor one whose unchanged output broke the contract); the others are run,
 * a few at a time, while the scan's budget for describing lasts, and the rest wait for the next scan.
 * Every failure is a problem naming the plugin's {@code cli.py}, and holds that plugin's rows as they are.
 */
public final class SmcpPlugins {

    private static final Logger LOG = Logger.getLogger(SmcpPlugins.class);

    /** How the rows of plugins found in the configured SMCP plugins folder name them: {@code smcp-plugins/<plugin>/cli.py}. */
    public static final String FOLDER_PREFIX = "smcp-plugins/";
    private static final long MAX_SOURCE_BYTES = 16L * 1024 * 1024;
    private static final int MAX_DEPTH = 4;

    /** What describing found: the entries to reconcile, the problems, the paths to hold, and how many plugins were seen and run. */
    public record Found(List<Manifest> manifests, List<DiscoveryProblem> problems, List<String> held, int plugins, int ran) {
    }

    /** The settings of one scan's describing. */
    public record Settings(String python, Duration timeout, long maxOutput, Duration budget, int concurrency) {
    }

    private record Candidate(String path, Path folder) {
    }

    /** The describe output a plugin row stores, with the hash of the folder it came from. */
    private record Stored(String hash, String document) {
    }

    /** Outputs that broke the contract, by plugin path, with the folder hash they came from: not run again while unchanged. */
    private final Map<String, Map.Entry<String, List<String>>> refused = new ConcurrentHashMap<>();

    /**
     * Describes the plugins of {@code home}'s {@code plugins/} and of {@code smcpFolder} (NULL for none), comparing with the
     * plugin rows read on {@code connection}.
     */
    public Found describe(Path home, Path smcpFolder, Connection connection, Settings settings) throws SQLException {
        List<DiscoveryProblem> problems = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Path homePlugins = home.resolve("plugins");
        list(homePlugins, "plugins/", candidates);
        if (smcpFolder != null) {
            if (!Files.isDirectory(smcpFolder)) {
                problems.add(new DiscoveryProblem(FOLDER_PREFIX, "the SMCP plugins folder " + smcpFolder
                        + " (animus.discovery.smcp.plugins) is not a readable folder; nothing of it was changed"));
                held.add(FOLDER_PREFIX);
                held.add(SmcpManifests.TOOL_PATH);
            } else if (!sameFolder(smcpFolder, homePlugins)) {
                list(smcpFolder, FOLDER_PREFIX, candidates);
            }
        }
        java.util.Set<String> paths = new java.util.HashSet<>();
        candidates.forEach(candidate -> paths.add(candidate.path()));
        refused.keySet().retainAll(paths);
        if (candidates.isEmpty()) {
            return new Found(List.of(), problems, held, 0, 0);
        }
        Map<String, Stored> stored = stored(connection);
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(SmcpManifests.tool());
        long deadline = System.nanoTime() + settings.budget().toNanos();
        AtomicInteger ran = new AtomicInteger();
        ExecutorService runners = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), daemon("animus-smcp-describe"));
        ExecutorService readers = Executors.newCachedThreadPool(daemon("animus-smcp-output"));
        try {
            DescribeProcess process = new DescribeProcess(settings.python(), settings.timeout(), settings.maxOutput(), readers);
            List<Future<Object>> outcomes = new ArrayList<>();
            for (Candidate candidate : candidates) {
                outcomes.add(runners.submit(() -> one(candidate, stored.get(candidate.path()), process, deadline, settings, ran)));
            }
            for (int i = 0; i < candidates.size(); i++) {
                Object outcome;
                try {
                    outcome = outcomes.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = List.of("describing was interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    outcome = List.of("could not be described: " + e.getCause());
                }
                String path = candidates.get(i).path();
                if (outcome instanceof Ok ok) {
                    manifests.addAll(SmcpManifests.of(path, ok.hash(), ok.described()));
                } else {
                    @SuppressWarnings("unchecked")
                    List<String> reasons = (List<String>) outcome;
                    reasons.forEach(reason -> problems.add(new DiscoveryProblem(path, reason)));
                    held.add(path);
                }
            }
        } finally {
            runners.shutdownNow();
            readers.shutdownNow();
        }
        return new Found(manifests, problems, held, candidates.size(), ran.get());
    }

    /** A plugin described, with the hash of its folder's code. */
    private record Ok(Described described, String hash) {
    }

    /** One plugin: an {@link Ok}, or the reasons it is a problem. */
    private Object one(Candidate candidate, Stored stored, DescribeProcess process, long deadline, Settings settings, AtomicInteger ran) {
        String hash;
        try {
            hash = sourceHash(candidate.folder());
        } catch (IOException e) {
            return List.of("its folder's *.py files cannot be read (" + e.getMessage() + ")");
        } catch (TooLarge e) {
            return List.of(e.getMessage());
        }
        String plugin = candidate.folder().getFileName().toString();
        if (stored != null && stored.hash().equals(hash)) {
            try {
                return remember(DescribeContract.read(plugin, stored.document()), hash);
            } catch (DescribeContract.Broken e) {
                LOG.debugf("The stored description of %s no longer keeps to the contract; describing it again", candidate.path());
            }
        }
        Map.Entry<String, List<String>> known = refused.get(candidate.path());
        if (known != null && known.getKey().equals(hash)) {
            return known.getValue();
        }
        if (System.nanoTime() - deadline > 0) {
            return List.of("waits for the next scan: this scan's time for describing plugins (animus.discovery.smcp.budget, "
                    + settings.budget() + ") was spent; its rows are left as they are");
        }
        ran.incrementAndGet();
        DescribeProcess.Outcome outcome = process.run(candidate.folder());
        if (outcome.failure() != null) {
            boolean lasting = outcome.failure().contains("max-output");
            List<String> reasons = List.of(outcome.failure());
            if (lasting) {
                refused.put(candidate.path(), Map.entry(hash, reasons));
            }
            return reasons;
        }
        try {
            Described described = DescribeContract.read(plugin, outcome.output());
            refused.remove(candidate.path());
            return remember(described, hash);
        } catch (DescribeContract.Broken e) {
            List<String> reasons = e.reasons().stream().map(SmcpManifests::brokenReason).toList();
            refused.put(candidate.path(), Map.entry(hash, reasons));
            return reasons;
        }
    }

    private static Ok remember(Described described, String hash) {
        return new Ok(described, hash);
    }

    /** The plugin folders of {@code folder}: real folders (not links) with a regular {@code cli.py} and no {@code manifest.json}. */
    private static void list(Path folder, String prefix, List<Candidate> candidates) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException | SecurityException e) {
            return; // the walk of the home reports and holds plugins/; the configured folder was checked before
        }
        entries.sort(null);
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".") || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.isRegularFile(entry.resolve("cli.py"), LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(entry.resolve("manifest.json"), LinkOption.NOFOLLOW_LINKS)) {
                candidates.add(new Candidate(prefix + name + "/cli.py", entry));
            }
        }
    }

    private static boolean sameFolder(Path one, Path other) {
        try {
            return Files.exists(other) && one.toRealPath().equals(other.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The describe outputs stored on the plugin rows of the tool {@code smcp}, by path, with their folder hashes. */
    private static Map<String, Stored> stored(Connection connection) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.discovered_from, p.manifest_hash, p.manifest::text"
                + " FROM plugins p JOIN tools t ON t.id = p.tool_id WHERE t.name = ? AND p.discovered_from IS NOT NULL"
                + " AND p.manifest_hash IS NOT NULL")) {
            statement.setString(1, SmcpManifests.TOOL);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), new Stored(rows.getString(2), rows.getString(3)));
                }
            }
        }
        return stored;
    }

    private static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * SHA-256 over the folder's {@code *.py} files (links not followed, dot folders and {@code __pycache__}
     * left out), each as its relative path and bytes, in path order: any change to the plugin's code changes it.
     */
    static String sourceHash(Path folder) throws IOException, TooLarge {
        TreeMap<String, Path> files = new TreeMap<>();
        collect(folder, "", 0, files);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long total = 0;
        byte[] buffer = new byte[8192];
        for (Map.Entry<String, Path> file : files.entrySet()) {
            digest.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file.getValue(), LinkOption.NOFOLLOW_LINKS)) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    if (total > MAX_SOURCE_BYTES) {
                        throw new TooLarge("its folder's *.py files are larger than " + MAX_SOURCE_BYTES + " bytes in all; it is not described");
                    }
                    digest.update(buffer, 0, read);
                }
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void collect(Path folder, String relative, int depth, TreeMap<String, Path> files) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() && name.endsWith(".py")) {
                    files.put(relative + name, entry);
                } else if (attributes.isDirectory() && depth < MAX_DEPTH && !name.startsWith(".") && !name.equals("__pycache__")) {
                    collect(entry, relative + name + "/", depth + 1, files);
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
