package io.animus.registry.hardening;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.hardening.OpenApiOperations.Operation;
import io.animus.registry.hardening.OpenApiOperations.Parameter;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every operation of the OpenAPI document, with and without an admin token, answers a battery of
 * hostile requests with a 4xx {@code application/problem+json} that shows no stack trace, and none of
 * them changes the database.
 * <p>
 * The battery is built so that every request is invalid: malformed, oversized or deeply nested
 * bodies, invalid UTF-8, wrong JSON types and unknown enum labels for each body property (read from
 * the schema), numbers past any integer, strings past their length, bad path ids and query values.
 * Values that would be valid data in a free-text field (SQL and JSON injection, NUL, 100k characters)
 * are put into a body that fails only at its very end: a duplicate of an existing row (409), an
 * unknown account or token (401), or a stale {@code If-Match} (412), so that they cross reading,
 * validation and, for creates, the database. Two kinds of 2xx are accepted, as valid requests: a
 * {@code GET} whose fuzzed filter happens to be a legal value ({@code name=' OR 1=1 --} finds no
 * agent), and {@code POST /auth/logout}, which answers 204 for a refresh token it does not know.
 * Broca's batch acknowledgement also gets the battery with a broca service key, whose late failure
 * is a message that does not exist (404).
 */
@QuarkusTest
class HostileInputTest {

    /** Marks the battery's requests, so that the secrets ledger does not take their fuzz for secrets. */
    static final String PROBE_HEADER = "X-Hostile-Probe";

    private static final String SQL = "' OR 1=1 --";
    private static final String JSON_BREAK = "\"}]}";
    private static final String WHERE = "$where";
    private static final String NUL = "a\u0000b";
    private static final String HUGE = "99999999999999999999";
    private static final String LONG = "x".repeat(100_000);
    private static final String STALE_TAG = "\"hostile-probe-stale\"";
    private static final String SERVICE_KEY = "ApiKey ";

    /**
     * Operations of Broca's that also get the battery with a service key of role broca (an admin's token
     * is refused before the body is read). A claim is left out: a valid claim takes messages.
     */
    private static final Set<String> WITH_BROCA_KEY = Set.of("POST /api/v1/chat/broca/ack");

    private static final List<String> PATH_VALUES = List.of("-1", HUGE, "abc", SQL, JSON_BREAK, WHERE, NUL, "1.5", " ");
    private static final List<String> FREE_TEXT = List.of(SQL, JSON_BREAK, WHERE, NUL, LONG);
    /** Numbers past every integer field: past int (2^31), past long (2^63), past a double (1e400). */
    private static final List<String> HUGE_NUMBERS = List.of("2147483648", "9223372036854775808", HUGE, "-" + HUGE, "1e400");

    /**
     * Operations that answer a well-formed body with a 2xx whatever its values: logout ends the
     * session of a refresh token and answers 204 also for a token it does not know.
     */
    private static final Set<String> ACCEPT_ANY_BODY = Set.of("POST /api/v1/auth/logout");

    /**
     * Bodies that are valid in shape and refused at the very end, by operation; the value of the
     * property under test replaces one of them. Write operations that take {@code If-Match} need none:
     * they get a stale tag. An operation without either (one added later) gets only the mutations
     * that are invalid whatever the rest of the body says.
     */
    private static final Map<String, Function<RegistryRows, Map<String, Object>>> LATE_FAILING = Map.ofEntries(
            Map.entry("POST /api/v1/agents", r -> Map.of("letta_uid", r.agentLettaUid())),
            Map.entry("POST /api/v1/tools", r -> Map.of("name", r.globalToolName())),
            Map.entry("POST /api/v1/tools/{toolId}/instances", r -> Map.of("agent_id", r.agent())),
            Map.entry("POST /api/v1/tools/{toolId}/plugins", r -> Map.of("name", r.pluginName())),
            Map.entry("POST /api/v1/configurations", r -> Map.of("key", r.configurationKey(), "scope", "system")),
            Map.entry("POST /api/v1/system-config", r -> Map.of("config_key", r.systemKey())),
            Map.entry("POST /api/v1/env-vars", r -> Map.of("var_name", r.envVarName())),
            Map.entry("POST /api/v1/agent-configs", r -> Map.of("agent_id", r.agent(), "config_key", r.agentConfigKey())),
            Map.entry("POST /api/v1/users", r -> Map.of("username", r.viewerName(), "email", r.viewerName() + "@example.org",
                    "password", "Quartz-Meadow-Lantern-58", "role", "viewer")),
            Map.entry("POST /api/v1/config-history/rollback", r -> Map.of("entry_key", "system_config:" + r.systemKey(),
                    "version", 99_999)),
            Map.entry("POST /api/v1/chat/broca/ack", r -> Map.of("claim_token", "hostile-probe-claim",
                    "messages", List.of(Map.of("id", 999_999_999, "broca_message_id", 1)))),
            Map.entry("POST /api/v1/auth/login", r -> Map.of("username", "nobody-hostile-probe", "password", "Not-The-Password-00")),
            Map.entry("POST /api/v1/auth/refresh", r -> Map.of("refresh_token", "unknown-hostile-probe-token")),
            Map.entry("POST /api/v1/auth/logout", r -> Map.of("refresh_token", "unknown-hostile-probe-token")),
            Map.entry("PUT /api/v1/users/me/password", r -> Map.of("old_password", "Not-The-Password-00",
                    "new_password", "Brand-New-Passphrase-31")));

    /**
     * Columns the service writes on its own and that the snapshot leaves out: the sign-in bookkeeping
     * of {@code users}. A wrong {@code old_password} sent to {@code PUT /users/me/password} counts as a
     * failed login of the caller (by design: a stolen token must not guess passwords freely), which
     * moves {@code failed_login_attempts}, {@code locked_until}, {@code lockout_count} and
     * {@code updated_at}. Likewise the bucket of the test's address in {@code login_throttle}: every
     * login the battery sends takes an attempt from it and a success gives one back (by design: a
     * refused login counts against its address), so only which addresses have a bucket is compared.
     * Every other table is compared whole, row by row ({@code discovery_runs} and {@code secret_reveals}
     * too: no request of the battery may run a scan or reveal a value).
     */
    private static final String USERS_SNAPSHOT = "SELECT count(*), coalesce(md5(string_agg(concat_ws('|', id, username, email, role,"
            + " permissions::text, is_active, password_hash, created_at), E'\\n' ORDER BY id)), '') FROM users";

    private static final String LOGIN_THROTTLE_SNAPSHOT = "SELECT count(*), coalesce(md5(string_agg(address, E'\\n' ORDER BY address)), '')"
            + " FROM login_throttle";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CHUNKED = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int sent;
    private int accepted;
    private RegistryRows rows;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndLeavesTheDatabaseAlone() throws Exception {
        String admin = fixtures.caller(Role.ADMIN).token();
        rows = RegistryRows.create(admin);
        List<Operation> operations = OpenApiOperations.fetch();
        String brocaKey = SERVICE_KEY + given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .body(Map.of("name", "hostile-probe-broca")).post("/api/v1/service-keys").then().statusCode(201).extract().path("key");
        // a key records its first use (last_used_at, at most once a minute): use it before the snapshot
        given().header("Authorization", brocaKey).contentType("application/json")
                .body(Map.of("claim_token", "hostile-probe-claim", "messages", List.of(Map.of("id", 999_999_999, "broca_message_id", 1))))
                .post("/api/v1/chat/broca/ack").then().statusCode(404);
        Map<String, String> before = snapshot();
        long started = System.nanoTime();
        for (Operation operation : operations) {
            if (WITH_BROCA_KEY.contains(operation.toString())) {
                battery(operation, brocaKey);
            }
        }
        for (String token : Arrays.asList(admin, null)) {
            for (Operation operation : operations) {
                battery(operation, token);
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Map<String, String> after = snapshot();

        Map<String, Integer> byClass = new TreeMap<>();
        byStatus.forEach((status, count) -> byClass.merge(status.charAt(0) + "xx", count, Integer::sum));
        System.out.printf("Hostile input: %d operations, %d requests in %d s (admin token and none); answers by class %s;"
                + " by status %s; %d accepted as valid (GET filters, logout)%n",
                operations.size(), sent, seconds, byClass, byStatus, accepted);
        System.out.printf("Hostile input: %d tables compared before and after: %s%n", before.size(), before.keySet());

        assertTrue(failures.isEmpty(), failures.size() + " answers broke the rules, the first ones:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertEquals(before, after, "the battery changed the database");
        assertTrue(sent > operations.size() * 20, "the battery sent too few requests to mean anything: " + sent);
        assertTrue(byClass.getOrDefault("4xx", 0) > sent / 2, "most answers are refusals: " + byClass);
    }

    private void battery(Operation operation, String token) throws Exception {
        boolean acceptsAnyBody = ACCEPT_ANY_BODY.contains(operation.toString());
        ObjectNode body = operation.hasBody() ? baseBody(operation) : null;
        byte[] bodyBytes = body == null ? null : JSON.writeValueAsBytes(body);
        String ifMatch = operation.takesIfMatch() ? STALE_TAG : null;

        for (Parameter parameter : operation.parameters("path")) {
            for (String value : PATH_VALUES) {
                String path = path(operation, Map.of(parameter.name(), value));
                send(operation, token, path, operation.mediaType(), bodyBytes, ifMatch, acceptsAnyBody, "path " + parameter.name() + "=" + value);
            }
        }
        for (Parameter parameter : operation.parameters("query")) {
            for (String value : queryValues(parameter)) {
                String path = path(operation, Map.of()) + "?" + parameter.name() + "=" + encode(value);
                send(operation, token, path, operation.mediaType(), bodyBytes, ifMatch, acceptsAnyBody, "query " + parameter.name() + "=" + abbreviate(value));
            }
        }
        if (List.of("POST", "PUT", "PATCH").contains(operation.method())) {
            String path = path(operation, Map.of());
            byte[] oversized = ("{\"x\": \"" + "y".repeat(1024 * 1024 + 100) + "\"}").getBytes(StandardCharsets.UTF_8);
            send(operation, token, path, operation.mediaType(), oversized, ifMatch, false, "oversized body");
            sendChunked(operation, token, path, oversized);
        }
        if (body == null) {
            return;
        }
        String path = path(operation, Map.of());
        boolean lateFailing = LATE_FAILING.containsKey(operation.toString()) || ifMatch != null;
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("truncated JSON", "{\"a\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("JSON injection after the body", concat(bodyBytes, JSON_BREAK.getBytes(StandardCharsets.UTF_8)));
        bodies.put("an array", "[]".getBytes(StandardCharsets.UTF_8));
        bodies.put("a string", "\"text\"".getBytes(StandardCharsets.UTF_8));
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("nested arrays, depth 10000", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("nested objects, depth 10000", ("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8 (C3 28)", invalidUtf8(operation, body, new byte[] { (byte) 0xC3, 0x28 }));
        bodies.put("invalid UTF-8 (FF FE)", invalidUtf8(operation, body, new byte[] { (byte) 0xFF, (byte) 0xFE }));
        if (!operation.requiredProperties().isEmpty() || lateFailing) {
            bodies.put("{}", "{}".getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> raw : bodies.entrySet()) {
            send(operation, token, path, operation.mediaType(), raw.getValue(), ifMatch, acceptsAnyBody && raw.getKey().equals("{}"), raw.getKey());
        }
        // logout reads any media type (a client may send no Content-Type at all)
        send(operation, token, path, "text/plain", bodyBytes, ifMatch, acceptsAnyBody, "text/plain body");
        Set<String> keys = LATE_FAILING.containsKey(operation.toString()) && ifMatch == null ? fieldNames(body) : Set.of();
        for (Map.Entry<String, JsonNode> property : operation.bodyProperties().entrySet()) {
            // the properties that make a declared body fail late (a duplicate name) take only invalid values
            for (Object value : mutations(property.getValue(), lateFailing && !keys.contains(property.getKey()))) {
                ObjectNode mutated = body.deepCopy();
                mutated.set(property.getKey(), value instanceof RawNumber raw ? raw.node() : JSON.valueToTree(value));
                byte[] bytes = value instanceof RawNumber raw
                        ? JSON.writeValueAsString(mutated).replace(raw.placeholder(), raw.text()).getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(mutated);
                send(operation, token, path, operation.mediaType(), bytes, ifMatch, acceptsAnyBody,
                        property.getKey() + "=" + abbreviate(String.valueOf(value)));
            }
        }
    }

    private static Set<String> fieldNames(ObjectNode body) {
        Set<String> names = new java.util.HashSet<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** JSON written into the body as is ({@code 1e400}), where Jackson would write something else. */
    private record RawNumber(String text) {
        String placeholder() {
            return "\"" + token() + "\"";
        }

        JsonNode node() {
            return JsonNodeFactory.instance.textNode(token());
        }

        private String token() {
            return "raw-json-" + Integer.toHexString(text.hashCode());
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Values that make {@code schema}'s property invalid, and free text where the body fails late anyway. */
    private static List<Object> mutations(JsonNode schema, boolean lateFailing) {
        List<Object> values = new ArrayList<>();
        String type = schema.path("type").asText("");
        if (schema.has("enum")) {
            values.addAll(List.of("Sleeping-hostile-probe", 7, SQL));
        } else if (type.equals("string") && "date-time".equals(schema.path("format").asText())) {
            values.addAll(List.of("yesterday", "2026-13-45T99:99:99Z", Map.of(WHERE, "1==1")));
        } else if (type.equals("string")) {
            // a JSON number or boolean is read as its text, as Jackson does by default (configuration values
            // rely on it): only objects and arrays are wrong types for a string
            values.addAll(List.of(Map.of(WHERE, "1==1"), List.of("x"), NUL));
            if (schema.has("maxLength")) {
                values.add(LONG);
            }
            if (lateFailing) {
                values.addAll(FREE_TEXT.stream().filter(v -> !values.contains(v)).toList());
            }
        } else if (type.equals("integer") || type.equals("number")) {
            if (type.equals("integer")) {
                values.add(new RawNumber("1.5"));
            }
            values.addAll(List.of("abc", true, Map.of(WHERE, 1), List.of(1)));
            HUGE_NUMBERS.forEach(n -> values.add(new RawNumber(n)));
        } else if (type.equals("boolean")) {
            values.addAll(List.of("perhaps", Map.of(), List.of(true)));
        } else if (type.equals("array")) {
            values.addAll(List.of("x", Map.of(WHERE, 1), List.of(Map.of(WHERE, 1))));
            String items = schema.path("items").path("type").asText("");
            if (items.equals("integer")) {
                values.addAll(List.of(List.of("abc"), new RawNumber("[" + HUGE + "]")));
            }
        }
        if (type.isEmpty() && !schema.has("properties")) {
            // a free-form JSON field (AnyJson) takes any value, but no number past a double
            values.add(new RawNumber("1e400"));
            values.add(new RawNumber("{\"deep\": [-1e400]}"));
        }
        return values;
    }

    private static List<String> queryValues(Parameter parameter) {
        String type = parameter.type();
        List<String> values = new ArrayList<>(List.of(SQL, NUL, WHERE, JSON_BREAK));
        if (parameter.schema().has("enum")) {
            values.addAll(List.of("Sleeping", "perhaps"));
        } else if (type.equals("integer")) {
            values.addAll(List.of("abc", "1.5", HUGE, "-" + HUGE, "1e400", "perhaps"));
            if (parameter.name().equals("page")) {
                values.add("-1");
            }
            if (parameter.name().equals("size")) {
                values.addAll(List.of("0", "-1", "100000"));
            }
        } else if (type.equals("boolean")) {
            values.addAll(List.of("perhaps", "1", "yes", "TRUE", ""));
        } else {
            values.add("q".repeat(2_000));
        }
        return values;
    }

    /** The body the mutations start from: late-failing when one is declared, else from the schema. */
    private ObjectNode baseBody(Operation operation) {
        Function<RegistryRows, Map<String, Object>> declared = LATE_FAILING.get(operation.toString());
        if (declared != null) {
            return JSON.valueToTree(declared.apply(rows));
        }
        ObjectNode body = JSON.createObjectNode();
        Map<String, JsonNode> properties = operation.bodyProperties();
        for (String name : operation.requiredProperties()) {
            JsonNode schema = properties.getOrDefault(name, JSON.createObjectNode());
            body.set(name, JSON.valueToTree(sample(schema)));
        }
        return body;
    }

    private static Object sample(JsonNode schema) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        return switch (schema.path("type").asText("")) {
            case "string" -> "hostile-probe";
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> List.of();
            default -> Map.of();
        };
    }

    /** The body with its first string property's value replaced by {@code bad} bytes. */
    private static byte[] invalidUtf8(Operation operation, ObjectNode body, byte[] bad) throws Exception {
        ObjectNode marked = body.deepCopy();
        String property = operation.bodyProperties().entrySet().stream()
                .filter(e -> e.getValue().path("type").asText("").equals("string") && !e.getValue().has("enum"))
                .map(Map.Entry::getKey).findFirst().orElse("x");
        marked.put(property, "UTF8MARK");
        byte[] bytes = JSON.writeValueAsBytes(marked);
        byte[] marker = "UTF8MARK".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, marker);
        byte[] spliced = new byte[bytes.length - marker.length + bad.length];
        System.arraycopy(bytes, 0, spliced, 0, at);
        System.arraycopy(bad, 0, spliced, at, bad.length);
        System.arraycopy(bytes, at + marker.length, spliced, at + bad.length, bytes.length - at - marker.length);
        return spliced;
    }

    private String path(Operation operation, Map<String, String> overrides) {
        String path = operation.path();
        for (Parameter parameter : operation.parameters("path")) {
            String value = overrides.containsKey(parameter.name()) ? overrides.get(parameter.name())
                    : rows.pathValue(operation.path(), parameter.name());
            path = path.replace("{" + parameter.name() + "}", encode(value).replace("+", "%20"));
        }
        return path;
    }

    private void send(Operation operation, String token, String path, String contentType, byte[] body, String ifMatch,
            boolean acceptsAnyBody, String what) {
        RequestSpecification request = given().urlEncodingEnabled(false)
                .config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header(PROBE_HEADER, "true");
        if (token != null) {
            request.header("Authorization", authorization(token));
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (body != null && !operation.method().equals("GET") && !operation.method().equals("DELETE")) {
            request.contentType(contentType).body(body);
        }
        Response response = request.request(operation.method(), path);
        check(operation, token, what, response.statusCode(), response.contentType(), response.asString(),
                operation.method().equals("GET") || acceptsAnyBody);
    }

    /** The oversized body again, sent without a length (chunked). */
    private void sendChunked(Operation operation, String token, String path, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Content-Type", operation.mediaType()).header(PROBE_HEADER, "true")
                .method(operation.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        if (token != null) {
            request.header("Authorization", authorization(token));
        }
        HttpResponse<String> response;
        try {
            response = CHUNKED.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closed) {
            // the server may close the connection before the whole body is sent: refused, but unanswered
            failures.add(operation + " [" + who(token) + "] chunked oversized body: no answer (" + closed + ")");
            sent++;
            return;
        }
        check(operation, token, "oversized chunked body", response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body(), false);
    }

    /** A bearer token, or a service key when {@code token} is already an {@code ApiKey} credential. */
    private static String authorization(String token) {
        return token.startsWith(SERVICE_KEY) ? token : "Bearer " + token;
    }

    private static String who(String token) {
        return token == null ? "anonymous" : token.startsWith(SERVICE_KEY) ? "broca key" : "admin";
    }

    private void check(Operation operation, String token, String what, int status, String contentType, String body,
            boolean mayBeValid) {
        sent++;
        byStatus.merge(String.valueOf(status), 1, Integer::sum);
        String where = operation + " [" + who(token) + "] " + what + ": " + status;
        if (status >= 200 && status < 300 && mayBeValid) {
            accepted++;
            return;
        }
        if (status < 400 || status >= 500) {
            failures.add(where + " " + abbreviate(body));
            return;
        }
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            failures.add(where + " answered " + contentType + " instead of application/problem+json: " + abbreviate(body));
            return;
        }
        if (body.contains("at io.") || body.contains("Exception")) {
            failures.add(where + " shows internals: " + abbreviate(body));
            return;
        }
        try {
            if (JSON.readTree(body).path("status").asInt() != status) {
                failures.add(where + " problem with another status: " + abbreviate(body));
            }
        } catch (Exception e) {
            failures.add(where + " problem that is not JSON: " + abbreviate(body));
        }
    }

    /** Each table's row count and a digest of its rows (see {@link #USERS_SNAPSHOT} for what is left out). */
    private Map<String, String> snapshot() throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet found = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    + " AND table_name NOT LIKE 'databasechangelog%' ORDER BY table_name")) {
                while (found.next()) {
                    names.add(found.getString(1));
                }
            }
            for (String table : names) {
                String query = table.equals("users") ? USERS_SNAPSHOT
                        : table.equals("login_throttle") ? LOGIN_THROTTLE_SNAPSHOT
                        : "SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM " + table + " t";
                try (ResultSet result = statement.executeQuery(query)) {
                    result.next();
                    tables.put(table, result.getLong(1) + " rows, " + result.getString(2));
                }
            }
        }
        return tables;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String printable = text.replace("\u0000", "\\u0000");
        return printable.length() > 120 ? printable.substring(0, 120) + "...(" + printable.length() + " chars)" : printable;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }
}
