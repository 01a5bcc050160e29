package io.animus.registry.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.event.SecretsRewrapped;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.animus.registry.letta.LettaFixtures;
import io.animus.registry.letta.LettaStandIn;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Each system event raised where it happens (the service-key rotation and the rewrap in Java, the
 * rest by triggers on the rows that record them), delivered to a real receiver, and never with a
 * secret value in its body.
 */
@QuarkusTest
class WebhookEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOME = "/webhook-events-test/home";

    @Inject
    Fixtures fixtures;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<SecretsRewrapped> rewraps;

    @Inject
    LettaFixtures letta;

    private Caller admin;
    private Sql sql;
    private Receiver receiver;
    /** Every secret value the test handles: none may reach a delivery. */
    private final List<String> secrets = new ArrayList<>(List.of(Webhooks.SECRET));

    @BeforeEach
    void setUp() throws Exception {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
        receiver = Receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (Receiver.Received got : receiver.received()) {
                for (String secret : secrets) {
                    assertFalse(got.body().contains(secret), "a delivery carries a secret value: " + got.body());
                }
                assertTrue(Receiver.verifies(got, Webhooks.SECRET));
            }
        } finally {
            receiver.close();
            sql.update("DELETE FROM webhooks");
        }
    }

    /** The bodies the receiver got for {@code type}, after one pass of the sender. */
    private List<JsonNode> delivered(String type) throws Exception {
        dispatcher.dispatchAndWait();
        List<JsonNode> bodies = new ArrayList<>();
        for (Receiver.Received got : receiver.accepted()) {
            JsonNode body = JSON.readTree(got.body());
            if (body.get("type").asText().equals(type)) {
                bodies.add(body);
            }
        }
        return bodies;
    }

    @Test
    void aServiceKeyRotationIsAKeyRotatedEventWithoutTheKey() throws Exception {
        Webhooks.create(admin, receiver.url(), "key.rotated");
        String name = Fixtures.unique("broca");
        var created = Webhooks.as(admin).body(Map.of("name", name)).post("/api/v1/service-keys").then().statusCode(201).extract();
        int key = created.path("id");
        secrets.add(created.path("key"));
        secrets.add(Webhooks.as(admin).post("/api/v1/service-keys/" + key + "/rotate").then().statusCode(201).extract().path("key"));

        List<JsonNode> events = delivered("key.rotated");
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals("service_key", data.get("kind").asText());
        assertEquals(key, data.get("service_key_id").asInt());
        assertEquals(name, data.get("name").asText());
        assertEquals("broca", data.get("role").asText());
    }

    @Test
    void aRewrapIsAKeyRotatedEventAndSealsAWebhookSecretStoredInPlaintext() throws Exception {
        int webhook = Webhooks.create(admin, receiver.url(), "key.rotated");
        // a secret written by hand, not sealed: the rewrap seals it, and deliveries still verify with it
        sql.update("UPDATE webhooks SET secret = ? WHERE id = ?", Webhooks.SECRET, webhook);
        // the event SecretsRewrap.rewrap raises at its end, in its transaction (POST /secrets/rewrap rewraps every
        // value of the shared test database, some of which other tests sealed with keys this profile lacks)
        QuarkusTransaction.requiringNew().run(() -> rewraps.fire(new SecretsRewrapped("test-key", 0)));

        assertTrue(sql.value(String.class, "SELECT secret FROM webhooks WHERE id = ?", webhook).startsWith("enc:v1:"));
        List<JsonNode> events = delivered("key.rotated");
        assertEquals(1, events.size());
        assertEquals("secrets_key", events.get(0).get("data").get("kind").asText());
        assertTrue(events.get(0).get("data").has("key_id"));
    }

    @Test
    void aRevealedSecretIsAnEventThatNamesTheEntryAndNotTheValue() throws Exception {
        Webhooks.create(admin, receiver.url(), "secret.revealed");
        String key = Fixtures.unique("smtp.password");
        String value = "Plaintext-Of-The-Secret-" + key;
        secrets.add(value);
        Webhooks.as(admin).body(Map.of("config_key", key, "config_value", value, "is_encrypted", true)).post("/api/v1/system-config")
                .then().statusCode(201);
        assertTrue(delivered("secret.revealed").isEmpty(), "storing a secret reveals nothing");
        Webhooks.as(admin).get("/api/v1/system-config/" + key + "/reveal").then().statusCode(200);

        List<JsonNode> events = delivered("secret.revealed");
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals("system_config:" + key, data.get("entry_key").asText());
        assertEquals("reveal", data.get("purpose").asText());
        assertEquals(admin.id(), data.get("revealed_by").asInt());
        assertEquals(admin.username(), data.get("revealed_by_username").asText());
    }

    @Test
    void aRollbackIsAnEventAndAnOrdinaryUpdateIsNot() throws Exception {
        Webhooks.create(admin, receiver.url(), "configuration.rolled_back");
        String key = Fixtures.unique("pool.size");
        Webhooks.as(admin).body(Map.of("config_key", key, "config_value", "10")).post("/api/v1/system-config").then().statusCode(201);
        Webhooks.as(admin).body(Map.of("config_value", "20", "config_type", "string", "is_encrypted", false)).put("/api/v1/system-config/" + key).then().statusCode(200);
        assertTrue(delivered("configuration.rolled_back").isEmpty());
        Webhooks.as(admin).body(Map.of("entry_key", "system_config:" + key, "version", 1)).post("/api/v1/config-history/rollback")
                .then().log().ifValidationFails().statusCode(200);

        List<JsonNode> events = delivered("configuration.rolled_back");
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals("system_config:" + key, data.get("entry_key").asText());
        assertEquals(3, data.get("version").asInt());
        assertEquals(1, data.get("rolled_back_to").asInt());
        assertFalse(data.toString().contains("\"10\"") || data.toString().contains("\"20\""), "no value: " + data);
    }

    @Test
    void anAccountLockedByFailedLoginsIsAnEvent() throws Exception {
        Webhooks.create(admin, receiver.url(), "account.locked");
        Accounts.Account account = Accounts.create(Role.VIEWER);
        for (int i = 0; i < 4; i++) {
            Accounts.login(account.username(), "Wrong-Password-" + i).then().statusCode(401);
        }
        assertTrue(delivered("account.locked").isEmpty(), "failures below the limit lock nothing");
        Accounts.login(account.username(), "Wrong-Password-5").then().statusCode(401);

        List<JsonNode> events = delivered("account.locked");
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals(account.id(), data.get("user_id").asInt());
        assertEquals(account.username(), data.get("username").asText());
        assertTrue(data.hasNonNull("locked_until"));
        assertFalse(data.has("password_hash") || data.has("email"));
    }

    @Test
    void discoverySwitchingARowOffIsAnEventAndAnOperatorsOffIsNot() throws Exception {
        Webhooks.create(admin, receiver.url(), "discovery.switched_off");
        String name = Fixtures.unique("mcp-gone");
        int tool = sql.insertId("INSERT INTO tools (name, status, discovered_from, manifest_hash) VALUES (?, 'Ready', ?, ?) RETURNING id",
                name, "tools/" + name + "/manifest.json", "a".repeat(64));
        sql.update("UPDATE tools SET status = 'Off' WHERE id = ?", tool);
        assertTrue(delivered("discovery.switched_off").isEmpty(), "an operator's Off is not discovery's");
        // what discovery runs when a manifest has gone (ToolBulkWrites.switchOff)
        sql.update("UPDATE tools SET status = 'Off', manifest_hash = NULL WHERE id = ANY (?)", (Object) new Integer[] { tool });

        List<JsonNode> events = delivered("discovery.switched_off");
        assertEquals(1, events.size());
        JsonNode data = events.get(0).get("data");
        assertEquals("tool", data.get("kind").asText());
        assertEquals(tool, data.get("id").asInt());
        assertEquals(name, data.get("name").asText());
        assertEquals("tools/" + name + "/manifest.json", data.get("discovered_from").asText());
    }

    @Test
    void aScanWithProblemsIsAnEventOnlyWhenItFindsNewOnes() throws Exception {
        Webhooks.create(admin, receiver.url(), "discovery.problems");
        String a = "{\"path\": \"tools/a\", \"reason\": \"manifest.json is not valid JSON\"}";
        String b = "{\"path\": \"tools/b\", \"reason\": \"name is missing\"}";
        run(1, "[" + a + "]");
        run(1, "[" + a + "]");
        run(2, "[" + a + ", " + b + "]");

        List<JsonNode> events = delivered("discovery.problems");
        sql.update("DELETE FROM discovery_runs WHERE home = ?", HOME);
        assertEquals(2, events.size(), "the second scan found nothing new");
        assertEquals(1, events.get(0).get("data").get("new_problem_count").asInt());
        assertEquals("tools/a", events.get(0).get("data").get("new_problems").get(0).get("path").asText());
        assertEquals(2, events.get(1).get("data").get("problem_count").asInt());
        assertEquals(1, events.get(1).get("data").get("new_problems").size());
        assertEquals("tools/b", events.get(1).get("data").get("new_problems").get(0).get("path").asText());
    }

    /** A scan's row as discovery records it, after every earlier one. */
    private void run(int count, String problems) {
        sql.update("INSERT INTO discovery_runs (started_at, duration_ms, triggered_by, outcome, home, problem_count, problems)"
                + " VALUES (clock_timestamp(), 1, 'manual', 'completed', ?, ?, ?::jsonb)",
                HOME, count, problems);
    }

    /** A Letta agent that goes missing, and one Letta lists unknown here: one event each when the state changes, none at the next run. */
    @Test
    void theLettaLinkRaisesAnEventWhenAStateChangesNotAtEveryRun() throws Exception {
        Webhooks.create(admin, receiver.url(), "letta.agent_missing", "letta.agent_unregistered");
        letta.clean();
        try (LettaStandIn standIn = new LettaStandIn()) {
            LettaStandIn.Agent present = standIn.add("lt-webhook-present");
            LettaStandIn.Agent stranger = standIn.add("lt-webhook-stranger");
            standIn.serve(50);
            int agent = letta.agent("lt-webhook-agent", present.id());
            Webhooks.as(admin).body(Map.of("url", standIn.url())).put("/api/v1/letta/settings").then().statusCode(200);
            Webhooks.as(admin).post("/api/v1/letta/reconcile").then().statusCode(200).body("linked", org.hamcrest.Matchers.equalTo(1));
            List<JsonNode> unregistered = delivered("letta.agent_unregistered");
            assertEquals(1, unregistered.size());
            assertEquals(stranger.id(), unregistered.get(0).get("data").get("letta_id").asText());
            assertTrue(delivered("letta.agent_missing").isEmpty(), "a linked agent raises nothing");

            standIn.agents.remove(present);
            standIn.serve(50);
            Webhooks.as(admin).post("/api/v1/letta/reconcile").then().statusCode(200).body("missing", org.hamcrest.Matchers.equalTo(1));
            Webhooks.as(admin).post("/api/v1/letta/reconcile").then().statusCode(200).body("missing", org.hamcrest.Matchers.equalTo(1));
            List<JsonNode> missing = delivered("letta.agent_missing");
            assertEquals(1, missing.size(), "one event for the change, none for the run that finds it still missing");
            assertEquals(agent, missing.get(0).get("data").get("agent_id").asInt());
            assertEquals(present.id(), missing.get(0).get("data").get("letta_id").asText());
            assertFalse(missing.get(0).get("data").get("switched_off").asBoolean());
            assertEquals(1, delivered("letta.agent_unregistered").size(), "the unregistered agent is not announced again");
            assertEquals(List.of(), standIn.violations());
        } finally {
            letta.clean();
        }
    }
}
