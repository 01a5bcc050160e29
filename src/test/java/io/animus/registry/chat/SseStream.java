package io.animus.registry.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.restassured.path.json.JsonPath;

/**
 * A Server-Sent Events stream read by a plain Java HTTP client on a thread of its own, as a browser's
 * EventSource would read it: events are queued as they arrive, and tests wait for the one they expect.
 */
public final class SseStream implements AutoCloseable {

    /** One event: its name, id and data. */
    public record Event(String name, String id, String data) {
        public JsonPath json() {
            return JsonPath.from(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private final Thread reader;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream at {@code uri} with the given headers; answers once the status and headers have arrived. */
    public static SseStream open(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseStream(response);
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = null;
        try (InputStream body = response.body()) {
            int b;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            while ((b = body.read()) != -1) {
                if (b != '\n') {
                    bytes.write(b);
                    continue;
                }
                String text = bytes.toString(StandardCharsets.UTF_8);
                bytes.reset();
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isEmpty()) {
                    if (data != null || name != null) {
                        events.add(new Event(name == null ? "message" : name, id, data == null ? "" : data.toString()));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (text.startsWith("event:")) {
                    name = text.substring(6).strip();
                } else if (text.startsWith("id:")) {
                    id = text.substring(3).strip();
                } else if (text.startsWith("data:")) {
                    String value = text.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // the stream was closed
        }
    }

    /** The first event, from now on, that matches; fails after {@code timeout}. */
    public Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout + "; events seen: " + seen);
            }
            seen.add(event);
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    public Event await(String name, Duration timeout) throws InterruptedException {
        return await(event -> event.name().equals(name), timeout);
    }

    /** The events that arrived within {@code period}, without waiting for any in particular. */
    public List<Event> drain(Duration period) throws InterruptedException {
        Thread.sleep(period.toMillis());
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        seen.addAll(drained);
        return drained;
    }

    /** Whether the server ended the stream within {@code timeout}. */
    public boolean endsWithin(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
