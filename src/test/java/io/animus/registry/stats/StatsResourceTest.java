package io.animus.registry.stats;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * {@code /api/v1/stats} and the usage counts behind it: chat computed from the database, delivery reads
 * counted in memory and added at each flush (by every replica), the visibility rule, the window, and
 * the Prometheus figures without per-user labels.
 */
@QuarkusTest
class StatsResourceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    UsageCounters counters;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private Caller admin;
    private Sql sql;

    @BeforeEach
    void setUp() throws Exception {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
        counters.flush();
    }

    private static RequestSpecification as(Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON);
    }

    private int agent(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("letta_uid", Fixtures.unique("stats"));
        return as(admin).body(body).post("/api/v1/agents").then().statusCode(201).extract().path("id");
    }

    private String moduleKey(String scopeField, int scopeId) {
        return as(admin).body(Map.of("name", Fixtures.unique("stats-module"), "role", "module", scopeField, scopeId))
                .post("/api/v1/service-keys").then().statusCode(201).extract().path("key");
    }

    private static void read(String key, int times) {
        for (int i = 0; i < times; i++) {
            given().header("Authorization", "ApiKey " + key).get("/api/v1/delivery/configuration").then().statusCode(200);
        }
    }

    /** The last page of a list by id, where the rows made last are. */
    private static io.restassured.response.ValidatableResponse lastPage(Caller caller, String path) {
        int total = as(caller).get(path + "?size=100").then().statusCode(200).extract().path("total");
        return as(caller).get(path + "?size=100&page=" + Math.max(0, (total - 1) / 100)).then().statusCode(200);
    }

    private long stored(String subject, int id) {
        return sql.value(Number.class, "SELECT coalesce(sum(count), 0) FROM usage_counts WHERE subject = ? AND subject_id = ?", subject, id)
                .longValue();
    }

    @Test
    void anAgentsChatComesFromTheDatabaseAndItsDeliveryReadsFromTheFlushedCounts() throws Exception {
        int agent = agent(Map.of("name", "Stats Athena"));
        Caller user = fixtures.caller(Role.USER);
        String session = as(user).body(Map.of("agent_id", agent)).post("/api/v1/chat/sessions").then().statusCode(201).extract().path("id");
        for (String text : List.of("hello", "how are you")) {
            as(user).body(Map.of("message", text)).post("/api/v1/chat/sessions/" + session + "/messages").then().statusCode(201);
        }
        String key = moduleKey("agent_id", agent);
        read(key, 3);
        assertEquals(0, stored("agent", agent), "a read writes nothing: it is counted in memory");
        counters.flush();
        assertEquals(3, stored("agent", agent));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        as(user).get("/api/v1/stats/agents/" + agent).then().statusCode(200)
                .body("agent_id", equalTo(agent)).body("name", equalTo("Stats Athena"))
                .body("chat_sessions", equalTo(1)).body("chat_messages", equalTo(2)).body("chat_responses", equalTo(0))
                .body("delivery_reads", equalTo(3)).body("last_activity", notNullValue())
                .body("to", equalTo(today)).body("days", hasSize(30))
                .body("days[29].day", equalTo(today)).body("days[29].chat_messages", equalTo(2))
                .body("days[29].delivery_reads", equalTo(3)).body("days[0].chat_messages", equalTo(0));
        as(user).get("/api/v1/stats/agents/" + agent + "?days=1").then().statusCode(200).body("days", hasSize(1))
                .body("from", equalTo(today));
        lastPage(user, "/api/v1/stats/agents").body("items.agent_id", hasItem(agent)).body("items[0].days", nullValue());
    }

    @Test
    void flushesAddUpAcrossFlushesAndReplicas() throws Exception {
        int agent = agent(Map.of());
        counters.deliveryRead(agent, null, null);
        counters.deliveryRead(agent, null, null);
        counters.flush();
        UsageCounters otherReplica = new UsageCounters(registry);
        otherReplica.dataSource = dataSource;
        otherReplica.deliveryRead(agent, null, null);
        counters.deliveryRead(agent, null, null);
        otherReplica.flush();
        counters.flush();
        assertEquals(4, stored("agent", agent), "each replica's flush adds its own counts: none overwrites another");
        assertEquals(0, counters.flush(), "a flush with nothing new writes nothing");
        assertEquals(4, stored("agent", agent));
    }

    @Test
    void aReadCountsForTheToolInstanceItsToolAndItsAgent() throws Exception {
        int agent = agent(Map.of());
        int tool = as(admin).body(Map.of("name", Fixtures.unique("stats-tool"), "module_scope", "agent")).post("/api/v1/tools")
                .then().statusCode(201).extract().path("id");
        int instance = as(admin).body(Map.of("agent_id", agent)).post("/api/v1/tools/" + tool + "/instances").then().statusCode(201)
                .extract().path("id");
        read(moduleKey("tool_instance_id", instance), 2);
        read(moduleKey("tool_id", tool), 1);
        counters.flush();
        assertEquals(2, stored("tool_instance", instance));
        assertEquals(3, stored("tool", tool));
        assertEquals(2, stored("agent", agent));

        Caller viewer = fixtures.caller(Role.VIEWER);
        as(viewer).get("/api/v1/stats/tools/" + tool + "?days=7").then().statusCode(200)
                .body("tool_id", equalTo(tool)).body("instances", equalTo(1)).body("agents", equalTo(1))
                .body("delivery_reads", equalTo(3)).body("days", hasSize(7)).body("days[6].delivery_reads", equalTo(3))
                .body("last_activity", notNullValue());
        lastPage(viewer, "/api/v1/stats/tools").body("items.tool_id", hasItem(tool));
        as(viewer).get("/api/v1/stats/tools/999999999").then().statusCode(404);
    }

    @Test
    void aUserSeesTheStatisticsOfTheAgentsTheyMaySeeOnly() throws Exception {
        int hidden = agent(Map.of("visible_to_roles", List.of("admin")));
        int shown = agent(Map.of());
        String session = as(admin).body(Map.of("agent_id", hidden)).post("/api/v1/chat/sessions").then().statusCode(201).extract().path("id");
        as(admin).body(Map.of("message", "for admins")).post("/api/v1/chat/sessions/" + session + "/messages").then().statusCode(201);
        read(moduleKey("agent_id", hidden), 1);
        counters.flush();

        Caller viewer = fixtures.caller(Role.VIEWER);
        as(viewer).get("/api/v1/stats/agents/" + hidden).then().statusCode(404).contentType(containsString("application/problem+json"));
        as(viewer).get("/api/v1/stats/agents/" + shown).then().statusCode(200);
        as(admin).get("/api/v1/stats/agents/" + hidden).then().statusCode(200).body("chat_messages", equalTo(1))
                .body("delivery_reads", equalTo(1));
        lastPage(viewer, "/api/v1/stats/agents").body("items.agent_id", hasItem(shown)).body("items.agent_id", not(hasItem(hidden)));

        long adminMessages = ((Number) as(admin).get("/api/v1/stats").then().statusCode(200).body("delivery_reads", notNullValue())
                .body("users", notNullValue()).extract().path("chat_messages")).longValue();
        long viewerMessages = ((Number) as(viewer).get("/api/v1/stats").then().statusCode(200).body("delivery_reads", nullValue())
                .body("users", nullValue()).body("webhooks", nullValue()).body("days[29].delivery_reads", nullValue())
                .extract().path("chat_messages")).longValue();
        assertTrue(viewerMessages < adminMessages, "the hidden agent's message counts for admins only: " + viewerMessages + " < " + adminMessages);
        given().get("/api/v1/stats").then().statusCode(401);
    }

    @Test
    void theWindowIsWholeDaysFromOneToTheMaximum() {
        for (String days : List.of("0", "-1", "367", "abc", "1.5")) {
            as(admin).get("/api/v1/stats?days=" + days).then().statusCode(400).contentType(containsString("application/problem+json"));
        }
        as(admin).get("/api/v1/stats?days=366").then().statusCode(200).body("days", hasSize(366));
        as(admin).get("/api/v1/stats").then().statusCode(200).body("days", hasSize(30));
    }

    @Test
    void prometheusShowsRegistryWideFiguresWithBoundedLabels() throws Exception {
        int agent = agent(Map.of());
        read(moduleKey("agent_id", agent), 2);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("animus_delivery_reads_total{scope=\"agent\"}"), "delivery reads by scope kind");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("animus_registry_agents ")), "the agents gauge");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("animus_chat_messages ")), "the chat messages gauge");
        java.util.regex.Pattern label = java.util.regex.Pattern.compile("[{,]([a-z_]+)=\"");
        for (String line : metrics.lines().filter(line -> line.startsWith("animus_")).toList()) {
            java.util.regex.Matcher names = label.matcher(line);
            while (names.find()) {
                assertTrue(!List.of("user", "user_id", "username", "agent", "agent_id", "tool_id", "webhook", "webhook_id", "url")
                        .contains(names.group(1)), "no per-user or per-row label: " + line);
            }
        }
    }
}
