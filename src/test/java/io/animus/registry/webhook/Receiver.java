package io.animus.registry.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of webhook deliveries for the tests: the JDK's HTTP server on a free loopback
 * port, answering each request with the next planned status (200 once the plan is used up), or
 * holding it for a while, and keeping every request it got. It verifies signatures as docs/webhooks.md
 * tells receivers to, with its own code.
 */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Received(Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final Deque<Integer> plan = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile long holdMillis;
    private volatile int port;
    private HttpServer server;

    /** A receiver on a free port. */
    static Receiver start() throws IOException {
        Receiver receiver = new Receiver();
        receiver.listen(0);
        return receiver;
    }

    /** Starts listening (again) on {@code port}, or on a free port for 0. */
    void listen(int on) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening: connections are refused until {@link #listen} again. */
    void down() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    int port() {
        return port;
    }

    /** The next answers, in order; 200 after them. */
    void plan(Integer... statuses) {
        plan.addAll(List.of(statuses));
    }

    /** Holds every request this long before answering. */
    void hold(long millis) {
        holdMillis = millis;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests answered with a 2xx. */
    List<Received> accepted() {
        return received.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (holdMillis > 0) {
                Thread.sleep(holdMillis);
            }
            Integer planned = plan.poll();
            int status = planned == null ? 200 : planned;
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /**
     * Whether the request's {@code Animus-Signature} is the HMAC-SHA256 of {@code <t>.<body>} under
     * {@code secret}, with {@code t} within five minutes of now: what a receiver checks.
     */
    static boolean verifies(Received request, String secret) throws Exception {
        String header = request.header("Animus-Signature");
        if (header == null) {
            return false;
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        for (String signature : signatures) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
