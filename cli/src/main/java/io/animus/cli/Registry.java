package io.animus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The registry's public HTTP API as the commands use it: the URL and the credentials chosen once,
 * the access token refreshed when it expires, and every refused request turned into a {@link Failure}
 * with its exit status. Built on the JDK's HTTP client and Jackson's tree model, so that the same code
 * runs inside the tests, the jar and a native binary.
 */
public final class Registry {

    /** An answer of the registry: its status, its {@code ETag}, and its body (a JSON tree, or null). */
    public record Answer(int status, String etag, JsonNode body) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Terminal terminal;
    private final boolean verbose;
    private final String url;
    private final String fixedAuthorization;
    private StoredSession session;
    // HTTP/1.1: the JDK's default upgrade of plain-http connections to HTTP/2 makes the registry fail
    // requests without a body (DELETE) with a 500
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Registry(Terminal terminal, boolean verbose, String url, String fixedAuthorization, StoredSession session) {
        this.terminal = terminal;
        this.verbose = verbose;
        this.url = url;
        this.fixedAuthorization = fixedAuthorization;
        this.session = session;
    }

    /**
     * The registry of {@code ANIMUS_REGISTRY_URL}, else of the stored session, with the credentials of
     * {@code ANIMUS_MODULE_KEY} (a service key), else {@code ANIMUS_TOKEN} (an access token), else the stored session.
     */
    public static Registry connect(CommandSpec spec) {
        Animus animus = Animus.of(spec);
        Terminal terminal = animus.terminal();
        StoredSession stored = StoredSession.load(terminal);
        String given = terminal.variable("ANIMUS_REGISTRY_URL");
        if (given == null && stored == null) {
            throw new Failure(Exit.USAGE, "no registry given: run animus login --url URL, or set ANIMUS_REGISTRY_URL");
        }
        String url = given != null ? url(given) : stored.url();
        String moduleKey = terminal.variable("ANIMUS_MODULE_KEY");
        String token = terminal.variable("ANIMUS_TOKEN");
        if (moduleKey != null) {
            return new Registry(terminal, animus.verbose(), url, "ApiKey " + moduleKey, null);
        }
        if (token != null) {
            return new Registry(terminal, animus.verbose(), url, "Bearer " + token, null);
        }
        if (stored == null || !stored.signedIn() || !stored.url().equals(url)) {
            throw new Failure(Exit.REFUSED, "not signed in to " + url + ": run animus login (or set ANIMUS_TOKEN or ANIMUS_MODULE_KEY)");
        }
        return new Registry(terminal, animus.verbose(), url, null, stored);
    }

    /**
     * The registry of {@code ANIMUS_REGISTRY_URL}, else of the stored session, with a module key given
     * by the caller (read from a file or the environment): for a module's own configuration.
     */
    public static Registry withModuleKey(CommandSpec spec, String moduleKey) {
        Animus animus = Animus.of(spec);
        Terminal terminal = animus.terminal();
        String given = terminal.variable("ANIMUS_REGISTRY_URL");
        StoredSession stored = given == null ? StoredSession.load(terminal) : null;
        if (given == null && stored == null) {
            throw new Failure(Exit.USAGE, "no registry given: set ANIMUS_REGISTRY_URL (or run animus login --url URL)");
        }
        return new Registry(terminal, animus.verbose(), given != null ? url(given) : stored.url(), "ApiKey " + moduleKey, null);
    }

    /** The registry at {@code url}, without credentials: for signing in. */
    public static Registry anonymous(CommandSpec spec, String url) {
        Animus animus = Animus.of(spec);
        return new Registry(animus.terminal(), animus.verbose(), url(url), null, null);
    }

    /** The URL checked and without its trailing slashes. */
    public static String url(String given) {
        String url = given.strip().replaceAll("/+$", "");
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http or https URL");
            }
        } catch (IllegalArgumentException e) {
            throw new Failure(Exit.USAGE, "the registry URL " + given + " is not an http:// or https:// URL: give one like http://localhost:8080");
        }
        return url;
    }

    public String url() {
        return url;
    }

    /** The stored session these requests use, renewed by any refresh; null with a token or key from the environment. */
    public StoredSession session() {
        return session;
    }

    /** {@code ?name=value&...} of the values that are not null, encoded. */
    public static String query(Map<String, ?> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** GET of a path under {@code /api/v1/}; a refusal is a {@link Failure}. */
    public Answer get(String path) {
        return call("GET", path, null, null, null);
    }

    /**
     * A request to a path under {@code /api/v1/}, with the credentials; an answer of 400 or more is a
     * {@link Failure}. A stored session's access token is refreshed first when it has expired, and once
     * more when the registry refuses it.
     */
    public Answer call(String method, String path, JsonNode body, String contentType, String ifMatch) {
        boolean refreshed = false;
        if (session != null && session.accessExpired()) {
            refresh();
            refreshed = true;
        }
        Answer answer = send(method, path, body, contentType, ifMatch, authorization());
        if (answer.status() == 401 && session != null && !refreshed) {
            refresh();
            answer = send(method, path, body, contentType, ifMatch, authorization());
        }
        return checked(method, path, answer);
    }

    /**
     * A GET that may wait: {@code If-None-Match} with {@code etag} (when not null), answered after at most
     * {@code timeout}; 304 is an answer, 400 or more a {@link Failure}. For the long polls of a module's
     * configuration, whose credentials are fixed (a module key).
     */
    public Answer conditionalGet(String path, String etag, Duration timeout) {
        return checked("GET", path, send("GET", path, null, null, null, authorization(), etag, timeout));
    }

    /** A request without credentials (login, refresh, logout by refresh token); a refusal is a {@link Failure}. */
    public Answer anonymousCall(String method, String path, JsonNode body) {
        return checked(method, path, send(method, path, body, "application/json", null, null));
    }

    private String authorization() {
        return fixedAuthorization != null ? fixedAuthorization : session != null ? "Bearer " + session.accessToken() : null;
    }

    private void refresh() {
        Answer answer = send("POST", "auth/refresh", Output.JSON.createObjectNode().put("refresh_token", session.refreshToken()),
                "application/json", null, null);
        if (answer.status() == 401 || answer.status() == 403) {
            throw new Failure(Exit.REFUSED, "the session has ended (the registry refused to renew it): run animus login");
        }
        checked("POST", "auth/refresh", answer);
        session = session.renewed(answer.body());
        session.save(terminal);
    }

    private Answer send(String method, String path, JsonNode body, String contentType, String ifMatch, String authorization) {
        return send(method, path, body, contentType, ifMatch, authorization, null, REQUEST_TIMEOUT);
    }

    private Answer send(String method, String path, JsonNode body, String contentType, String ifMatch, String authorization,
            String ifNoneMatch, Duration timeout) {
        String target = url + "/api/v1/" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "animus-cli");
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Output.JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new Failure(Exit.USAGE, "cannot write the request's body: " + e.getOriginalMessage());
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long started = System.nanoTime();
        if (verbose) {
            terminal.err().println("> " + method + " " + target);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new Failure(Exit.UNREACHABLE, "the registry at " + url + " did not answer in time: check that it is running and reachable");
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "connection refused" : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new Failure(Exit.UNREACHABLE, "cannot reach the registry at " + url + " (" + why
                    + "): check the URL (animus login --url, ANIMUS_REGISTRY_URL) and that the registry is running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(Exit.ERROR, "interrupted");
        }
        if (verbose) {
            terminal.err().println("< " + response.statusCode() + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
            terminal.err().flush();
        }
        return new Answer(response.statusCode(), response.headers().firstValue("ETag").orElse(null), parsed(response));
    }

    private static JsonNode parsed(HttpResponse<String> response) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            try {
                return Output.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                // not the JSON it announced: shown as text below
            }
        }
        return Output.JSON.getNodeFactory().textNode(text);
    }

    private static Answer checked(String method, String path, Answer answer) {
        int status = answer.status();
        if (status < 400) {
            return answer;
        }
        JsonNode problem = answer.body() == null ? Output.JSON.createObjectNode() : answer.body();
        String title = problem.path("title").asText(problem.isTextual() ? problem.asText() : "HTTP " + status);
        String detail = problem.path("detail").asText("");
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String field = error.path("field").asText("");
            fields.add((field.isEmpty() ? "" : field + ": ") + error.path("message").asText());
        }
        String what = title + (detail.isEmpty() || detail.equals(title) ? "" : ": " + detail);
        throw switch (status) {
            case 400 -> new Failure(Exit.USAGE, what + " (" + method + " " + path + "; check the values given)", fields);
            case 422 -> new Failure(Exit.USAGE, what + " (fix the fields below and run it again)", fields);
            case 401 -> new Failure(Exit.REFUSED, what + " (the registry refused the credentials: run animus login, or check ANIMUS_TOKEN or ANIMUS_MODULE_KEY)", fields);
            case 403 -> new Failure(Exit.REFUSED, what + " (your role may not do this: ask an administrator)", fields);
            case 404 -> new Failure(Exit.ERROR, what + " (check the name or id: the list command shows them)", fields);
            case 409 -> new Failure(Exit.ERROR, what + " (it conflicts with what is stored; a delete takes --cascade to remove what refers to it)", fields);
            case 412 -> new Failure(Exit.ERROR, what + " (it changed since it was read: run the command again)", fields);
            default -> new Failure(Exit.ERROR, what + (status >= 500 ? " (the registry failed: see its log, or try again)" : " (" + method + " " + path + " answered " + status + ")"), fields);
        };
    }
}
