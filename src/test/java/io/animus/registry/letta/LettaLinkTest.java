package io.animus.registry.letta;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/v1/letta}: settings, check, reconciliation, states, imports and drift against a Letta stand-in. */
@QuarkusTest
class LettaLinkTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LettaFixtures db;

    @Inject
    LettaReconciliation reconciliation;

    LettaStandIn letta;
    Fixtures.Caller admin;
    Fixtures.Caller user;

    @BeforeEach
    void setUp() {
        db.clean();
        letta = new LettaStandIn();
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
    }

    @AfterEach
    void tearDown() {
        List<String> violations = letta.violations();
        letta.close();
        db.clean();
        assertEquals(List.of(), violations, "requests Letta's document does not allow");
    }

    void save(Map<String, Object> settings) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(settings).put("/api/v1/letta/settings")
                .then().statusCode(200);
    }

    void pointAtStandIn() {
        save(Map.of("url", letta.url(), "password", "letta-test-password-1", "read_timeout_ms", 2000, "connect_timeout_ms", 1000));
    }

    @Test
    void settingsAreAdminsOnlyAndNeverShowThePassword() {
        given().auth().oauth2(admin.token()).get("/api/v1/letta/settings").then().statusCode(200)
                .body("url_source", equalTo("none")).body("password_set", equalTo(false)).body("every", equalTo("5m"));
        pointAtStandIn();
        String body = given().auth().oauth2(admin.token()).get("/api/v1/letta/settings").then().statusCode(200)
                .body("url", equalTo(letta.url())).body("url_source", equalTo("saved"))
                .body("password_set", equalTo(true)).body("password_source", equalTo("saved"))
                .body("read_timeout_ms", equalTo(2000)).extract().asString();
        assertTrue(!body.contains("letta-test-password-1"), body);
        String stored = db.text("SELECT password FROM letta_settings");
        assertTrue(stored.startsWith("enc:v1:") && !stored.contains("letta-test-password-1"), "the password is stored sealed");
        given().auth().oauth2(user.token()).get("/api/v1/letta/settings").then().statusCode(403);
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("url", "http://x")).put("/api/v1/letta/settings")
                .then().statusCode(403);
    }

    @Test
    void badSettingsAreRefusedWholeWith422() {
        pointAtStandIn();
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("url", "ftp://letta", "every", "1s", "read_timeout_ms", 5)).put("/api/v1/letta/settings")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("url")).body("errors.field", hasItem("every")).body("errors.field", hasItem("read_timeout_ms"));
        given().auth().oauth2(admin.token()).get("/api/v1/letta/settings").then().body("url", equalTo(letta.url()))
                .body("read_timeout_ms", equalTo(2000));
    }

    @Test
    void anEmptyPasswordRemovesTheSavedOneAndALeftOutOneKeepsIt() {
        pointAtStandIn();
        save(Map.of("url", letta.url()));
        given().auth().oauth2(admin.token()).get("/api/v1/letta/settings").then().body("password_set", equalTo(true));
        save(Map.of("url", letta.url(), "password", ""));
        given().auth().oauth2(admin.token()).get("/api/v1/letta/settings").then().body("password_set", equalTo(false));
    }

    @Test
    void theCheckAnswersLettasVersionAndCountAndSendsThePasswordAsABearer() {
        letta.add("lt-one");
        letta.add("lt-two");
        letta.serve(50);
        pointAtStandIn();
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(true)).body("version", equalTo("0.16.1")).body("agent_count", equalTo(2))
                .body("reason", nullValue());
        assertTrue(letta.server.getAllServeEvents().stream()
                .allMatch(event -> "Bearer letta-test-password-1".equals(event.getRequest().getHeader("Authorization"))));
        given().auth().oauth2(user.token()).post("/api/v1/letta/check").then().statusCode(403);
    }

    @Test
    void theRewrapSealsTheLettaPasswordUnderTheCurrentKey() {
        pointAtStandIn();
        db.execute("UPDATE letta_settings SET password = 'plain-letta-password'");
        given().auth().oauth2(admin.token()).post("/api/v1/secrets/rewrap").then().statusCode(200)
                .body("tables.find { it.table == 'letta_settings' }.sealed", equalTo(1));
        String stored = db.text("SELECT password FROM letta_settings");
        assertTrue(stored.startsWith("enc:v1:"), "sealed by the rewrap");
        letta.serve(50);
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().body("reachable", equalTo(true));
        assertTrue(letta.server.getAllServeEvents().stream()
                .allMatch(event -> "Bearer plain-letta-password".equals(event.getRequest().getHeader("Authorization"))));
    }

    @Test
    void reconciliationGivesEachAgentItsStateAndListsUnregisteredLettaAgents() {
        LettaStandIn.Agent athena = letta.add("Athena Letta", "web_search", "smcp__weather_now");
        LettaStandIn.Agent stranger = letta.add("lt-stranger", "send_message");
        letta.serve(50);
        pointAtStandIn();
        int linked = db.agent("lt-athena", athena.id());
        String bareUuid = UUID.randomUUID().toString();
        int byUuid = db.agent("lt-gone", bareUuid);
        int notAnId = db.agent("lt-iris", "lt-iris_letta_001");

        String before = given().auth().oauth2(user.token()).get("/api/v1/agents/" + linked).then().statusCode(200)
                .body("letta.state", equalTo("unchecked")).body("letta.checked_at", nullValue()).extract().header("ETag");

        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200)
                .body("outcome", equalTo("completed")).body("letta_agents", equalTo(2)).body("linked", equalTo(1))
                .body("unregistered", equalTo(1)).body("pages", equalTo(1));

        String after = given().auth().oauth2(user.token()).get("/api/v1/agents/" + linked).then().statusCode(200)
                .body("letta.state", equalTo("linked")).body("letta.letta_name", equalTo("Athena Letta"))
                .body("letta.letta_tools", equalTo(List.of("smcp__weather_now", "web_search")))
                .body("letta.checked_at", notNullValue()).body("letta.letta_updated_at", notNullValue()).extract().header("ETag");
        assertNotEquals(before, after, "the agent's ETag covers its link");
        assertEquals(after, given().auth().oauth2(user.token()).get("/api/v1/agents/" + linked).then().statusCode(200)
                .extract().header("ETag"), "the cached answer keeps its tag");
        // a write that names the version from before the run is refused; the current version is accepted
        given().auth().oauth2(admin.token()).contentType("application/merge-patch+json").header("If-Match", before)
                .body(Map.of("description", "stale")).patch("/api/v1/agents/" + linked).then().statusCode(412);
        given().auth().oauth2(admin.token()).contentType("application/merge-patch+json").header("If-Match", after)
                .body(Map.of("description", "current")).patch("/api/v1/agents/" + linked).then().statusCode(200)
                .body("description", equalTo("current")).body("letta.state", equalTo("linked"));
        given().auth().oauth2(user.token()).get("/api/v1/agents/" + byUuid).then().body("letta.state", equalTo("missing_in_letta"))
                .body("letta.letta_id", equalTo("agent-" + bareUuid));
        given().auth().oauth2(user.token()).get("/api/v1/agents/" + notAnId).then().body("letta.state", equalTo("not_a_letta_id"));

        given().auth().oauth2(admin.token()).queryParam("state", "unregistered").get("/api/v1/letta/agents").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].letta_id", equalTo(stranger.id())).body("items[0].letta_name", equalTo("lt-stranger")).body("items[0].agent_id", nullValue())
                .body("last_completed_run.outcome", equalTo("completed"));
        given().auth().oauth2(user.token()).queryParam("state", "unregistered").get("/api/v1/letta/agents").then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(user.token()).queryParam("state", "missing_in_letta").get("/api/v1/letta/agents").then().statusCode(200)
                .body("items.agent_id", hasItem(byUuid)).body("items.agent_id", not(hasItem(linked)));
        given().auth().oauth2(user.token()).queryParam("state", "gone").get("/api/v1/letta/agents").then().statusCode(400)
                .contentType("application/problem+json");
        assertTrue(letta.server.getAllServeEvents().stream().noneMatch(event -> event.getRequest().getUrl().contains("iris")),
                "a uid that cannot be a Letta id is never sent to Letta");
    }

    @Test
    void theStatesFollowTheAgentsVisibility() {
        letta.serve(50);
        pointAtStandIn();
        int hidden = db.agent("lt-hidden", "lt-hidden");
        db.execute("UPDATE agents SET visible_to_roles = '[\"admin\"]' WHERE id = ?", hidden);
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200);
        assertFalse(notALettaId(user.token()).contains(hidden), "a user does not see an agent hidden from users");
        assertTrue(notALettaId(admin.token()).contains(hidden), "an admin sees it");
    }

    /** The agent ids in state not_a_letta_id that a caller sees, every page of them (other tests' agents share the database). */
    private static List<Integer> notALettaId(String token) {
        List<Integer> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Integer> items = given().auth().oauth2(token).queryParam("size", 100).queryParam("page", page)
                    .queryParam("state", "not_a_letta_id").get("/api/v1/letta/agents")
                    .then().statusCode(200).extract().jsonPath().getList("items.agent_id", Integer.class);
            if (items.isEmpty()) {
                return ids;
            }
            ids.addAll(items);
        }
    }

    @Test
    void aMissingAgentIsSwitchedOffOnlyWhereTheSettingSaysSo() {
        letta.serve(50);
        pointAtStandIn();
        int kept = db.agent("lt-kept", UUID.randomUUID().toString());
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200).body("switched_off", equalTo(0));
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + kept).then().body("status", equalTo("Ready"))
                .body("letta.state", equalTo("missing_in_letta"));

        save(Map.of("url", letta.url(), "switch_off_missing", true));
        int switched = db.agent("lt-switched", UUID.randomUUID().toString());
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200).body("switched_off", equalTo(1));
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + switched).then().body("status", equalTo("Off"));
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + kept).then().body("status", equalTo("Ready"));
    }

    @Test
    void importingOneMakesALinkedAgentAndATakenNameIsA409() {
        LettaStandIn.Agent stranger = letta.add("lt-imported", "send_message");
        LettaStandIn.Agent clash = letta.add("lt-taken");
        letta.serve(50);
        pointAtStandIn();
        db.agent("lt-taken", "lt-taken-uid");
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200);

        int id = given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/" + stranger.id() + "/import").then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/")).body("letta_uid", equalTo(stranger.id()))
                .body("name", equalTo("lt-imported")).body("description", equalTo("Letta's lt-imported"))
                .body("letta.state", equalTo("linked")).extract().path("id");
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + id).then().body("letta.state", equalTo("linked"));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/" + stranger.id() + "/import").then().statusCode(409)
                .body("detail", containsString("already registered"));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/" + clash.id() + "/import").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("lt-taken"));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/athena/import").then().statusCode(422);
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/" + LettaStandIn.newAgentId() + "/import").then().statusCode(404);
        given().auth().oauth2(user.token()).post("/api/v1/letta/agents/" + clash.id() + "/import").then().statusCode(403);
    }

    @Test
    void importingAllIsAllOrNothing() {
        letta.add("lt-a");
        letta.add("lt-b");
        LettaStandIn.Agent clash = letta.add("lt-c");
        letta.serve(50);
        pointAtStandIn();
        int holder = db.agent("lt-c", "lt-c-uid");
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200).body("unregistered", equalTo(3));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/import").then().statusCode(409)
                .body("errors.field", equalTo(List.of(clash.id()))).body("detail", containsString("Nothing was imported"));
        assertEquals("3", db.text("SELECT count(*) FROM letta_unregistered"));
        db.execute("UPDATE agents SET name = 'lt-c-renamed' WHERE id = ?", holder);
        given().auth().oauth2(admin.token()).post("/api/v1/letta/agents/import").then().statusCode(200).body("imported", equalTo(3));
        assertEquals("0", db.text("SELECT count(*) FROM letta_unregistered"));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200).body("linked", equalTo(3))
                .body("unregistered", equalTo(0));
    }

    @Test
    void driftShowsWhatEachSideLacks() {
        String tool = "lt-tool-" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("INSERT INTO tools (name, module_scope) VALUES (?, 'global')", tool);
        try {
            LettaStandIn.Agent athena = letta.add("lt-drifting", tool, "letta_only_tool");
            LettaStandIn.Agent bare = letta.add("lt-bare", "letta_only_tool");
            letta.serve(50);
            pointAtStandIn();
            int synced = db.agent("lt-drifting", athena.id());
            int lacking = db.agent("lt-bare", bare.id());
            int unchecked = db.agent("lt-unchecked", "lt-unchecked");
            given().auth().oauth2(user.token()).get("/api/v1/letta/drift/" + unchecked).then().statusCode(409);
            given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200);
            given().auth().oauth2(user.token()).get("/api/v1/letta/drift/" + synced).then().statusCode(200)
                    .body("in_both", hasItem(tool)).body("missing_in_registry", equalTo(List.of("letta_only_tool")))
                    .body("missing_in_letta", not(hasItem(tool)));
            given().auth().oauth2(user.token()).get("/api/v1/letta/drift/" + lacking).then().statusCode(200)
                    .body("missing_in_letta", hasItem(tool)).body("in_sync", equalTo(false));
            given().auth().oauth2(user.token()).get("/api/v1/letta/drift/999999").then().statusCode(404);
        } finally {
            db.execute("DELETE FROM tools WHERE name = ?", tool);
        }
    }

    @Test
    void theScheduledRunFollowsTheSavedIntervalAndOff() {
        letta.serve(50);
        save(Map.of("url", letta.url(), "every", "off"));
        assertEquals("off", reconciliation.scheduled().skipped());
        assertEquals("0", db.text("SELECT count(*) FROM letta_runs"));

        save(Map.of("url", letta.url(), "every", "10m"));
        LettaReconciliation.Outcome first = reconciliation.scheduled();
        assertTrue(first.run().isPresent(), "due: no run yet");
        assertEquals("schedule", first.run().get().triggeredBy());
        assertEquals("recent", reconciliation.scheduled().skipped(), "not due again within the interval");
        db.execute("UPDATE letta_runs SET started_at = started_at - interval '11 minutes'");
        assertTrue(reconciliation.scheduled().run().isPresent(), "due again once the interval has passed");
        assertEquals("2", db.text("SELECT count(*) FROM letta_runs WHERE triggered_by = 'schedule'"));
    }
}
