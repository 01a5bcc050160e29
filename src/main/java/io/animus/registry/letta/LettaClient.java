package io.animus.registry.letta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.letta.LettaFailure.Reason;

/**
 * Speaks Letta's V1 REST API (its published OpenAPI document): health, agent count, and the agents page by
 * page with their tools. Every exchange is bounded: the connect timeout, one read timeout for the whole
 * answer, and a largest answer. The JDK's client, which native images carry as it is.
 */
public final class LettaClient {

    /** A Letta agent id: {@code agent-} and a UUID version 4, as Letta's document says. */
    public static final Pattern AGENT_ID = Pattern.compile("^agent-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    /** A Letta agent as the link keeps it: what it compares and imports, nothing of its memory or model. */
    public record LettaAgent(String id, String name, String description, Instant updatedAt, List<String> tools) {
    }

    /** Letta's health answer. */
    public record Health(String version, String status) {
    }

    private final LinkSettings settings;
    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json;

    public LettaClient(LinkSettings settings, ObjectMapper json) throws LettaFailure {
        this.settings = settings;
        this.base = settings.url().orElseThrow(() -> new LettaFailure(Reason.NOT_CONFIGURED,
                "no Letta URL is set: save one in the Letta settings or set ANIMUS_LETTA_URL"));
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** {@code GET /v1/health/}. */
    public Health health() throws LettaFailure {
        JsonNode answer = get("/v1/health/");
        if (!answer.isObject() || !answer.path("version").isTextual() || !answer.path("status").isTextual()) {
            throw notLetta("/v1/health/", "an object with version and status");
        }
        return new Health(answer.get("version").asText(), answer.get("status").asText());
    }

    /** {@code GET /v1/agents/count}. */
    public long agentCount() throws LettaFailure {
        JsonNode answer = get("/v1/agents/count");
        if (!answer.isIntegralNumber()) {
            throw notLetta("/v1/agents/count", "an integer");
        }
        return answer.asLong();
    }

    /** One page of {@code GET /v1/agents/}, oldest first, with their tools, after the agent {@code after} (null: the first page). */
    public List<LettaAgent> agents(String after, int limit) throws LettaFailure {
        StringBuilder path = new StringBuilder("/v1/agents/?limit=").append(limit)
                .append("&order=asc&order_by=created_at&include=agent.tools");
        if (after != null) {
            path.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        JsonNode answer = get(path.toString());
        if (!answer.isArray()) {
            throw notLetta("/v1/agents/", "an array of agents");
        }
        List<LettaAgent> agents = new ArrayList<>(answer.size());
        for (JsonNode agent : answer) {
            agents.add(agent(agent, "/v1/agents/"));
        }
        return agents;
    }

    /** {@code GET /v1/agents/{agent_id}}: only ever with an id that matches {@link #AGENT_ID}. */
    public LettaAgent agent(String agentId) throws LettaFailure {
        if (!AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("not a Letta agent id");
        }
        return agent(get("/v1/agents/" + agentId + "?include=agent.tools"), "/v1/agents/{agent_id}");
    }

    private LettaAgent agent(JsonNode agent, String where) throws LettaFailure {
        if (!agent.isObject() || !agent.path("id").isTextual() || !agent.path("name").isTextual()) {
            throw notLetta(where, "agents with an id and a name");
        }
        JsonNode tools = agent.path("tools");
        List<String> names = new ArrayList<>();
        if (tools.isArray()) {
            for (JsonNode tool : tools) {
                JsonNode name = tool.path("name");
                if (name.isTextual()) {
                    names.add(name.asText());
                } else if (!name.isMissingNode() && !name.isNull()) {
                    throw notLetta(where, "tools whose name is a string");
                }
            }
        } else if (!tools.isMissingNode() && !tools.isNull()) {
            throw notLetta(where, "agents whose tools are an array");
        }
        names.sort(null);
        Instant updated = null;
        JsonNode updatedAt = agent.path("updated_at");
        if (updatedAt.isTextual()) {
            try {
                updated = parseTime(updatedAt.asText());
            } catch (DateTimeParseException e) {
                throw notLetta(where, "agents whose updated_at is a date-time");
            }
        }
        JsonNode description = agent.path("description");
        return new LettaAgent(agent.get("id").asText(), agent.get("name").asText(), description.isTextual() ? description.asText() : null,
                updated, List.copyOf(names));
    }

    /** Letta writes date-times with or without a zone (Python's isoformat): without one they are UTC. */
    static Instant parseTime(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
        }
    }

    private static LettaFailure notLetta(String where, String expected) {
        return new LettaFailure(Reason.NOT_LETTA, "the answer of GET " + where + " is not what Letta's API document says ("
                + expected + " expected): is the URL that of a Letta server?");
    }

    private JsonNode get(String pathAndQuery) throws LettaFailure {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(settings.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "animus-registry");
        settings.password().ifPresent(password -> request.header("Authorization", "Bearer " + password));
        String shown = "GET " + pathAndQuery.replaceAll("\\?.*$", "");
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.build(),
                info -> new Bounded(settings.maxAnswerBytes()));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(settings.readTimeout().toMillis() + settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(shown);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new LettaFailure(Reason.UNREACHABLE, shown + " was interrupted");
        } catch (ExecutionException e) {
            throw failure(shown, e.getCause());
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new LettaFailure(Reason.UNAUTHORIZED, shown + " answered " + status + ": Letta refused "
                    + (settings.password().isPresent() ? "the password" : "a request without a password (set one)"));
        }
        if (status >= 500) {
            throw new LettaFailure(Reason.SERVER_ERROR, shown + " answered " + status + ": the Letta server failed");
        }
        if (status != 200) {
            throw new LettaFailure(Reason.NOT_LETTA, shown + " answered " + status + ": is the URL that of a Letta server?");
        }
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new LettaFailure(Reason.NOT_LETTA, shown + " answered something that is not JSON: is the URL that of a Letta server?");
        } catch (IOException e) {
            throw new LettaFailure(Reason.NOT_LETTA, shown + " answered an unreadable body");
        }
    }

    private LettaFailure timedOut(String shown) {
        return new LettaFailure(Reason.TIMED_OUT, shown + " took longer than the read timeout (" + settings.readTimeout().toMillis() + " ms)");
    }

    private LettaFailure failure(String shown, Throwable cause) {
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
                return new LettaFailure(Reason.NAME_NOT_RESOLVED, "the name " + base.getHost() + " does not resolve");
            }
        }
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e instanceof TooLarge) {
                return new LettaFailure(Reason.TOO_LARGE, shown + " answered more than " + settings.maxAnswerBytes() + " bytes");
            }
            if (e instanceof HttpConnectTimeoutException) {
                return new LettaFailure(Reason.CONNECT_TIMED_OUT, "connecting to " + base.getHost() + ":" + port()
                        + " took longer than the connect timeout (" + settings.connectTimeout().toMillis() + " ms)");
            }
            if (e instanceof HttpTimeoutException) {
                return timedOut(shown);
            }
            if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
                return new LettaFailure(Reason.NAME_NOT_RESOLVED, "the name " + base.getHost() + " does not resolve");
            }
            if (e instanceof ConnectException) {
                return new LettaFailure(Reason.REFUSED, base.getHost() + ":" + port() + " refused the connection: is Letta running there?");
            }
        }
        return new LettaFailure(Reason.UNREACHABLE, shown + " failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
    }

    private int port() {
        return base.getPort() != -1 ? base.getPort() : "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    }

    /** The answer ran past the largest one read. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer too large", null);
        }
    }

    /** Collects an answer's bytes up to a bound; past it, cancels the exchange. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Bounded(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
