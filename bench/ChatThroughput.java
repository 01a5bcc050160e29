import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat delivery throughput: users post messages while Broca workers claim them in batches and
 * acknowledge each one. Prints messages per second from the first post to the last acknowledgement,
 * and the time from post to acknowledgement.
 *
 * java bench/ChatThroughput.java --base URL --user-token T --sessions S1,S2,... --keys K1,K2
 *      [--messages 5000] [--posters 8] [--batch 50] [--ack-parallelism 8] [--warmup 15000] [--ack batch|each]
 *      [--service-pid P] [--postgres-pid P] [--clock-ticks 100]
 *
 * --ack batch (the default) acknowledges each claim with one call (POST /api/v1/chat/broca/ack);
 * --ack each acknowledges message by message, ack-parallelism calls in flight per worker.
 *
 * With --service-pid and --postgres-pid (the postmaster), it also prints the CPU time the service (split by
 * kind of thread: requests and the rest, the JIT compiler, GC and the VM thread),
 * PostgreSQL (postmaster and backends) and this load generator spent during the measured run (from
 * /proc, in clock ticks of --clock-ticks per second), since all three share the machine's cores.
 *
 * Run by bench/chat-throughput.sh, which starts the service and makes the token, session and keys.
 */
public class ChatThroughput {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"claim_token\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String userToken;
    private final List<String> sessions;
    private boolean batchAck = true;

    ChatThroughput(String base, String userToken, List<String> sessions) {
        this.base = base;
        this.userToken = userToken;
        this.sessions = sessions;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        ChatThroughput bench = new ChatThroughput(required(options, "base"), required(options, "user-token"),
                Arrays.asList(required(options, "sessions").split(",")));
        List<String> keys = Arrays.asList(required(options, "keys").split(","));
        int messages = Integer.parseInt(options.getOrDefault("messages", "5000"));
        int posters = Integer.parseInt(options.getOrDefault("posters", "8"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "50"));
        int ackParallelism = Integer.parseInt(options.getOrDefault("ack-parallelism", "8"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "15000"));
        bench.batchAck = !options.getOrDefault("ack", "batch").equals("each");

        // a broken path (an unexpected status, an exception in a poster or a worker) ends the run with exit 1
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            System.err.println(thread.getName() + ": " + failure);
            System.exit(1);
        });
        if (warmup > 0) {
            System.out.printf("warm-up: %d messages ...%n", warmup);
            bench.run(warmup, posters, keys, batch, ackParallelism);
        }
        long servicePid = Long.parseLong(options.getOrDefault("service-pid", "0"));
        long postgresPid = Long.parseLong(options.getOrDefault("postgres-pid", "0"));
        double ticks = Double.parseDouble(options.getOrDefault("clock-ticks", "100"));
        double[] cpuBefore = {ownCpuSeconds(), cpuSeconds(servicePid, false, ticks), cpuSeconds(postgresPid, true, ticks)};
        Map<Long, double[]> threadsBefore = threadCpu(servicePid, ticks);
        Result result = bench.run(messages, posters, keys, batch, ackParallelism);
        double[] cpuAfter = {ownCpuSeconds(), cpuSeconds(servicePid, false, ticks), cpuSeconds(postgresPid, true, ticks)};
        Map<Long, double[]> threadsAfter = threadCpu(servicePid, ticks);
        System.out.println();
        System.out.printf("messages:                 %d (%d posters in %d sessions, %d Broca workers, claims of %d, %s)%n",
                messages, posters, bench.sessions.size(), keys.size(), batch,
                bench.batchAck ? "one batch acknowledgement per claim" : ackParallelism + " acks in flight per worker");
        System.out.printf("posted in:                %.2f s (%.0f posts/s)%n", result.postSeconds, messages / result.postSeconds);
        System.out.printf("post -> claim -> ack:     %.0f messages/s (all %d acknowledged in %.2f s)%n",
                messages / result.totalSeconds, messages, result.totalSeconds);
        System.out.printf("post to ack latency:      p50 %d ms, p99 %d ms, max %d ms%n",
                result.percentile(50), result.percentile(99), result.percentile(100));
        System.out.printf("claims:                   %d (%d empty), duplicates handed out: %d%n",
                result.claims, result.emptyClaims, result.duplicates);
        double generator = cpuAfter[0] - cpuBefore[0];
        double service = cpuAfter[1] - cpuBefore[1];
        double postgres = cpuAfter[2] - cpuBefore[2];
        System.out.printf("CPU in the measured run:  service %.2f s, PostgreSQL %.2f s, load generator %.2f s (of %.2f s x %d cores)%n",
                service, postgres, generator, result.totalSeconds, Runtime.getRuntime().availableProcessors());
        if (servicePid > 0) {
            // the service's CPU by kind of thread: the JIT compiler and the garbage collector are not the requests' work
            double[] kinds = new double[3];
            threadsAfter.forEach((tid, after) -> {
                double[] before = threadsBefore.getOrDefault(tid, new double[] {after[0], 0});
                kinds[(int) after[0]] += after[1] - before[1];
            });
            double exited = Math.max(0, service - kinds[0] - kinds[1] - kinds[2]);
            System.out.printf("service CPU by thread:    requests and the rest %.2f s, JIT compiler %.2f s, GC and VM %.2f s, threads that ended %.2f s%n",
                    kinds[0], kinds[1], kinds[2], exited);
            System.out.printf("service CPU per message:  %.2f ms (%.2f ms without the JIT compiler, GC and ended threads)%n",
                    service * 1000 / messages, kinds[0] * 1000 / messages);
        }
        System.out.printf("SUMMARY handoff_per_s=%.0f p99_ms=%d posts_per_s=%.0f generator_cores=%.2f service_cores=%.2f postgres_cores=%.2f%n",
                messages / result.totalSeconds, result.percentile(99), messages / result.postSeconds,
                generator / result.totalSeconds, service / result.totalSeconds, postgres / result.totalSeconds);
        if (result.duplicates > 0 || result.latenciesMillis.length != messages) {
            System.err.printf("%d duplicates, %d of %d messages acknowledged%n", result.duplicates, result.latenciesMillis.length, messages);
            System.exit(1);
        }
    }

    record Result(double postSeconds, double totalSeconds, long[] latenciesMillis, long claims, long emptyClaims, long duplicates) {
        long percentile(int p) {
            if (latenciesMillis.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMillis.length) - 1;
            return latenciesMillis[Math.max(0, Math.min(index, latenciesMillis.length - 1))];
        }
    }

    Result run(int messages, int posters, List<String> keys, int batch, int ackParallelism) throws Exception {
        ConcurrentHashMap<Integer, Long> postedAt = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, Long> ackedAt = new ConcurrentHashMap<>();
        AtomicInteger toPost = new AtomicInteger(messages);
        AtomicInteger acked = new AtomicInteger();
        AtomicLong claims = new AtomicLong();
        AtomicLong emptyClaims = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] postsDone = new long[1];
        CountDownLatch postersDone = new CountDownLatch(posters);

        for (int p = 0; p < posters; p++) {
            // each poster is one conversation, as a person types into one session at a time
            String session = sessions.get(p % sessions.size());
            threads.add(started("poster-" + p, () -> {
                try {
                    start.await();
                    while (toPost.getAndDecrement() > 0) {
                        long before = System.nanoTime();
                        String body = send("POST", "/api/v1/chat/sessions/" + session + "/messages", "Bearer " + userToken,
                                "{\"message\":\"How is the registry today? " + before + "\"}", 201);
                        postedAt.put(id(body), before);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    postersDone.countDown();
                }
            }));
        }
        int workerNumber = 0;
        for (String key : keys) {
            int brocaBase = ++workerNumber * 100_000_000;
            threads.add(started("broca-" + workerNumber, () -> {
                try {
                    start.await();
                    while (acked.get() < messages) {
                        String claim = send("POST", "/api/v1/chat/broca/claim", "ApiKey " + key,
                                "{\"limit\":" + batch + ",\"lease_seconds\":60}", 200);
                        claims.incrementAndGet();
                        List<Integer> ids = ids(claim);
                        if (ids.isEmpty()) {
                            emptyClaims.incrementAndGet();
                            Thread.sleep(2);
                            continue;
                        }
                        String token = token(claim);
                        if (batchAck) {
                            StringBuilder body = new StringBuilder("{\"claim_token\":\"").append(token).append("\",\"messages\":[");
                            for (int i = 0; i < ids.size(); i++) {
                                body.append(i == 0 ? "" : ",").append("{\"id\":").append(ids.get(i))
                                        .append(",\"broca_message_id\":").append(brocaBase + ids.get(i)).append('}');
                            }
                            send("POST", "/api/v1/chat/broca/ack", "ApiKey " + key, body.append("]}").toString(), 200);
                            long now = System.nanoTime();
                            for (int id : ids) {
                                if (ackedAt.putIfAbsent(id, now) != null) {
                                    duplicates.incrementAndGet();
                                } else {
                                    acked.incrementAndGet();
                                }
                            }
                            continue;
                        }
                        List<CompletableFuture<?>> inFlight = new ArrayList<>();
                        for (int id : ids) {
                            inFlight.add(sendAsync("/api/v1/chat/broca/messages/" + id + "/ack", "ApiKey " + key,
                                    "{\"broca_message_id\":" + (brocaBase + id) + ",\"claim_token\":\"" + token + "\"}")
                                    .thenAccept(status -> {
                                        if (status != 200) {
                                            throw new IllegalStateException("ack of " + id + " answered " + status);
                                        }
                                        if (ackedAt.putIfAbsent(id, System.nanoTime()) != null) {
                                            duplicates.incrementAndGet();
                                        } else {
                                            acked.incrementAndGet();
                                        }
                                    }));
                            if (inFlight.size() >= ackParallelism) {
                                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                                inFlight.clear();
                            }
                        }
                        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long begin = System.nanoTime();
        start.countDown();
        postersDone.await();
        postsDone[0] = System.nanoTime();
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();
        long[] latencies = ackedAt.entrySet().stream()
                .filter(entry -> postedAt.containsKey(entry.getKey()))
                .mapToLong(entry -> (entry.getValue() - postedAt.get(entry.getKey())) / 1_000_000)
                .sorted().toArray();
        return new Result((postsDone[0] - begin) / 1e9, (end - begin) / 1e9, latencies, claims.get(), emptyClaims.get(), duplicates.get());
    }

    /** This JVM's CPU time (user and system), in seconds. */
    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(0.0);
    }

    /**
     * CPU time of a process from /proc (user and system, fields 14 and 15 of its stat line), in seconds; with
     * children, also what its reaped children used (fields 16 and 17) and what its live children have used so
     * far, as PostgreSQL's backends are children of the postmaster. 0 for pid 0 or a process that is gone.
     */
    private static double cpuSeconds(long pid, boolean children, double ticks) {
        if (pid <= 0) {
            return 0;
        }
        double seconds = ticks(pid, children ? 4 : 2) / ticks;
        if (children) {
            seconds += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children)
                    .mapToDouble(child -> ticks(child.pid(), 2) / ticks).sum();
        }
        return seconds;
    }

    /**
     * Each live thread of the process: its kind (0 requests and the rest, 1 JIT compiler, 2 GC and VM, by the
     * thread's name in /proc/PID/task/TID/comm) and its CPU seconds so far.
     */
    private static Map<Long, double[]> threadCpu(long pid, double ticks) {
        Map<Long, double[]> threads = new ConcurrentHashMap<>();
        if (pid <= 0) {
            return threads;
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    int kind = name.contains("CompilerThre") ? 1
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") ? 2 : 0;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new double[] {kind, (Long.parseLong(after[11]) + Long.parseLong(after[12])) / ticks});
                } catch (Exception gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (Exception gone) {
            // the process ended
        }
        return threads;
    }

    private static long ticks(long pid, int fields) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long sum = 0;
            for (int field = 14; field < 14 + fields; field++) {
                sum += Long.parseLong(after[field - 3]);
            }
            return sum;
        } catch (Exception gone) {
            return 0;
        }
    }

    private static Thread started(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private String send(String method, String path, String authorization, String json, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private CompletableFuture<Integer> sendAsync(String path, String authorization, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static int id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The ids of the claimed messages: each message object starts with its id. */
    private static List<Integer> ids(String claim) {
        List<Integer> ids = new ArrayList<>();
        int messages = claim.indexOf("\"messages\"");
        Matcher matcher = ID.matcher(claim);
        while (messages >= 0 && matcher.find(messages)) {
            ids.add(Integer.parseInt(matcher.group(1)));
            messages = matcher.end();
        }
        return ids;
    }

    private static String token(String claim) {
        Matcher matcher = TOKEN.matcher(claim);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
