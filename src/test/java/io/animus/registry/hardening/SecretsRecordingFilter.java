package io.animus.registry.hardening;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Installed for every REST-assured request of the run (by {@code io.animus.registry.testing.RestAssuredFiltersExtension}): records the
 * secrets that requests send (passwords of logins, new users and password changes; values of entries
 * stored with {@code is_encrypted: true}; the signing secrets of webhooks) and the refresh tokens
 * that logins and refreshes answer, and fails the request whose answer shows a secret recorded so far.
 * <p>
 * The answers that exist to show plaintext are not scanned: the admin reveal endpoints
 * ({@code .../reveal}, the effective configuration with {@code reveal=true}), the dotenv export, and
 * the configuration delivered to a module key.
 * Requests of {@link HostileInputTest} carry fuzz, not secrets: their bodies are not recorded (their
 * answers are scanned).
 */
public final class SecretsRecordingFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REVEALING = Pattern.compile(".*/reveal$|.*/api/v1/env-vars/export$|.*/api/v1/delivery/configuration$");
    private static final Pattern USERS = Pattern.compile(".*/api/v1/users(/\\d+)?$");
    private static final Pattern ENTRIES = Pattern.compile(".*/api/v1/(configurations|system-config|env-vars|agent-configs)(/[^/]+)?$");
    private static final Pattern WEBHOOKS = Pattern.compile(".*/api/v1/webhooks(/\\d+)?$");
    private static final List<String> VALUE_FIELDS = List.of("value", "config_value", "var_value");

    private Map<String, String> known = Map.of();
    private long knownSize = -1;

    /**
     * Adds the filter to REST-assured as the calling class loader sees it, once. A filter of another
     * loader (an earlier Quarkus application, when REST-assured is shared) is replaced, so that the
     * list holds no class of an application that has stopped.
     */
    public static synchronized void install() {
        List<Filter> filters = new java.util.ArrayList<>(RestAssured.filters());
        if (filters.stream().anyMatch(f -> f.getClass() == SecretsRecordingFilter.class)) {
            return;
        }
        filters.removeIf(f -> f.getClass().getName().equals(SecretsRecordingFilter.class.getName()));
        filters.add(new SecretsRecordingFilter());
        RestAssured.replaceFiltersWith(filters);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        String path = request.getURI().replaceFirst("\\?.*$", "");
        String query = request.getURI().contains("?") ? request.getURI().replaceFirst("^[^?]*\\?", "") : "";
        boolean probe = request.getHeaders().hasHeaderWithName(HostileInputTest.PROBE_HEADER);
        if (!probe) {
            recordSent(request.getMethod(), path, body(request.getBody()));
        }
        Response answer = context.next(request, response);
        String text = answer.asString();
        boolean revealing = REVEALING.matcher(path).matches()
                || path.endsWith("/api/v1/configurations/effective") && query.contains("reveal=true");
        if (!revealing && text != null && !text.isEmpty()) {
            SecretsLedger.responseScanned();
            String leaked = leakIn(text);
            if (leaked != null) {
                String leak = request.getMethod() + " " + path + " answered " + answer.statusCode() + " with a " + leaked;
                SecretsLedger.leak(leak);
                throw new AssertionError("A secret reached a response: " + leak);
            }
        }
        if (answer.statusCode() == 200 && (path.endsWith("/api/v1/auth/login") || path.endsWith("/api/v1/auth/refresh"))) {
            JsonNode tokens = parse(text);
            String refresh = tokens == null ? null : tokens.path("refresh_token").asText(null);
            if (SecretsLedger.worthRecording(refresh)) {
                SecretsLedger.secret("refresh token", refresh);
            }
        }
        return answer;
    }

    private static void recordSent(String method, String path, JsonNode body) {
        if (body == null || !body.isObject()) {
            return;
        }
        if (path.endsWith("/api/v1/auth/login") || USERS.matcher(path).matches() && !method.equals("GET")) {
            record("password", body.path("password"));
        } else if (path.endsWith("/api/v1/users/me/password")) {
            record("password", body.path("old_password"));
            record("password", body.path("new_password"));
        } else if (WEBHOOKS.matcher(path).matches() && (method.equals("POST") || method.equals("PUT"))) {
            record("webhook secret", body.path("secret"));
        } else if (path.endsWith("/api/v1/letta/settings") && method.equals("PUT")) {
            // the Letta server's password: encrypted, never answered or logged
            record("password", body.path("password"));
        } else if (path.endsWith("/api/v1/auth/refresh") || path.endsWith("/api/v1/auth/logout")) {
            record("refresh token", body.path("refresh_token"));
        } else if (ENTRIES.matcher(path).matches() && (method.equals("POST") || method.equals("PUT"))) {
            for (String field : VALUE_FIELDS) {
                JsonNode value = body.path(field);
                if (body.path("is_encrypted").asBoolean(false)) {
                    record("encrypted value", value);
                } else if (value.isValueNode() && !value.isNull() && body.has("is_encrypted")) {
                    // stored in plaintext on purpose: no longer a secret from here on
                    SecretsLedger.declassified(value.asText());
                }
            }
        }
    }

    private static void record(String kind, JsonNode value) {
        if (value.isValueNode() && SecretsLedger.worthRecording(value.asText())) {
            SecretsLedger.secret(kind, value.asText());
        }
    }

    private String leakIn(String text) {
        long size = SecretsLedger.size(SecretsLedger.SECRETS);
        if (size != knownSize) {
            known = SecretsLedger.secrets();
            knownSize = size;
        }
        for (Map.Entry<String, String> secret : known.entrySet()) {
            if (text.contains(secret.getKey())) {
                return secret.getValue();
            }
        }
        return null;
    }

    private static JsonNode body(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            return parse(new String(bytes, StandardCharsets.UTF_8));
        }
        if (body instanceof String text) {
            return parse(text);
        }
        try {
            return JSON.valueToTree(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
