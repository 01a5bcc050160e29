package io.animus.registry.letta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Letta failing in every way the link must survive: down, slow, 500, 401, JSON that is not Letta's, an
 * endless cursor, and 10,000 agents. The registry keeps answering (never a 5xx for Letta's sake), the run
 * records what went wrong, and the last good states stay with their age.
 */
@QuarkusTest
class LettaFailuresTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LettaFixtures db;

    LettaStandIn letta;
    Fixtures.Caller admin;
    LettaStandIn.Agent athena;
    int agent;

    @BeforeEach
    void setUp() {
        db.clean();
        letta = new LettaStandIn();
        admin = fixtures.caller(Role.ADMIN);
        athena = letta.add("lt-athena", "web_search");
        letta.serve(50);
        agent = db.agent("lt-athena", athena.id());
        settings(Map.of("url", letta.url(), "password", "letta-test-password-2", "read_timeout_ms", 1000, "connect_timeout_ms", 1000));
        reconcile().body("outcome", equalTo("completed")).body("linked", equalTo(1));
    }

    @AfterEach
    void tearDown() {
        List<String> violations = letta.violations();
        letta.close();
        db.clean();
        assertEquals(List.of(), violations, "requests Letta's document does not allow");
    }

    void settings(Map<String, Object> settings) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(settings).put("/api/v1/letta/settings").then().statusCode(200);
    }

    io.restassured.response.ValidatableResponse reconcile() {
        return given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(200);
    }

    /** The failed run's record names the reason; the agent keeps its last good state and the time it was checked. */
    void failsKeepingTheLastState(String reason) {
        String checkedAt = given().auth().oauth2(admin.token()).get("/api/v1/agents/" + agent).then().statusCode(200)
                .body("letta.state", equalTo("linked")).extract().path("letta.checked_at");
        reconcile().body("outcome", equalTo("failed")).body("problem", containsString(reason)).body("linked", equalTo(0));
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + agent).then().statusCode(200)
                .body("letta.state", equalTo("linked")).body("letta.checked_at", equalTo(checkedAt));
        given().auth().oauth2(admin.token()).get("/api/v1/letta/agents").then().statusCode(200)
                .body("last_run.outcome", equalTo("failed")).body("last_completed_run.outcome", equalTo("completed"))
                .body("last_completed_run.started_at", notNullValue());
        given().auth().oauth2(admin.token()).get("/api/v1/letta/runs").then().statusCode(200)
                .body("[0].outcome", equalTo("failed")).body("[1].outcome", equalTo("completed"));
    }

    @Test
    void lettaDownIsRefusedAndTheStatesStay() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        settings(Map.of("url", "http://localhost:" + closed));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(false)).body("reason", equalTo("refused"));
        failsKeepingTheLastState("refused");
    }

    @Test
    void aNameThatDoesNotResolveIsSaidSo() {
        settings(Map.of("url", "http://letta.invalid:8283"));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(false)).body("reason", equalTo("name_not_resolved"))
                .body("problem", containsString("letta.invalid"));
    }

    /** A server whose accept queue is full drops new connections: connecting ends at the connect timeout. */
    @Test
    void aLettaThatDoesNotAcceptTheConnectionTimesOutAtTheConnectTimeout() throws IOException {
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        try (ServerSocket full = new ServerSocket(0, 1, loopback)) {
            List<java.net.Socket> fillers = new java.util.ArrayList<>();
            boolean filled = false;
            try {
                for (int i = 0; i < 16 && !filled; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    try {
                        filler.connect(new java.net.InetSocketAddress(loopback, full.getLocalPort()), 300);
                        fillers.add(filler);
                    } catch (java.net.SocketTimeoutException e) {
                        filler.close();
                        filled = true;
                    }
                }
                assertTrue(filled, "the accept queue of the test's server could not be filled");
                settings(Map.of("url", "http://127.0.0.1:" + full.getLocalPort(), "connect_timeout_ms", 500, "read_timeout_ms", 1000));
                given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                        .body("reachable", equalTo(false)).body("reason", equalTo("connect_timed_out"))
                        .body("problem", containsString("500 ms")).body("duration_ms", lessThan(3000));
                failsKeepingTheLastState("connect_timed_out");
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aSlowLettaTimesOutAtTheReadTimeout() {
        letta.server.stubFor(get(urlPathEqualTo("/v1/health/")).willReturn(LettaStandIn.json("{\"version\":\"1\",\"status\":\"ok\"}")
                .withFixedDelay(5000)));
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json("[]").withFixedDelay(5000)));
        long start = System.nanoTime();
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(false)).body("reason", equalTo("timed_out")).body("duration_ms", lessThan(4000));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 4500, "the read timeout (1 s) bounds the check");
        failsKeepingTheLastState("timed_out");
        // within its timeout, the same slow Letta is fine
        settings(Map.of("url", letta.url(), "read_timeout_ms", 8000));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200).body("reachable", equalTo(true));
    }

    @Test
    void aLettaAnswering500FailsTheRun() {
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));
        failsKeepingTheLastState("server_error");
    }

    @Test
    void aRefusedPasswordIsSaidSo() {
        letta.server.stubFor(get(urlPathEqualTo("/v1/health/")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"Unauthorized\"}")));
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(aResponse().withStatus(401)));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(false)).body("reason", equalTo("unauthorized")).body("problem", containsString("password"))
                .body("problem", org.hamcrest.Matchers.not(containsString("letta-test-password-2")));
        failsKeepingTheLastState("unauthorized");
    }

    @Test
    void jsonThatIsNotLettasFailsTheRun() {
        letta.server.stubFor(get(urlPathEqualTo("/v1/health/")).willReturn(LettaStandIn.json("{\"healthy\": true}")));
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json("{\"agents\": [{\"id\": 7}]}")));
        given().auth().oauth2(admin.token()).post("/api/v1/letta/check").then().statusCode(200)
                .body("reachable", equalTo(false)).body("reason", equalTo("not_a_letta_server"));
        failsKeepingTheLastState("not_a_letta_server");
    }

    @Test
    void agentsWithoutIdsAreNotLettas() {
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json("[{\"name\": \"no id\"}]")));
        failsKeepingTheLastState("not_a_letta_server");
    }

    @Test
    void anEndlessCursorEndsTheRunWithAProblem() {
        // every page, whatever the cursor, is the same full page: the cursor never advances
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json(LettaStandIn.page(
                java.util.Collections.nCopies(50, athena)))));
        failsKeepingTheLastState("endless_cursor");
        assertTrue(letta.requests() < 10, "the run stopped at once, not after many pages");
    }

    @Test
    void aCursorThatAdvancesForeverEndsAtThePageLimit() {
        // each page names new agents: only the page limit ends it
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json(
                "[{{#each (range 1 50)}}{\"id\":\"agent-{{randomValue type='UUID'}}\",\"name\":\"n\"}{{#unless @last}},{{/unless}}{{/each}}]")
                .withTransformers("response-template")));
        failsKeepingTheLastState("too_many_pages");
    }

    @Test
    void tenThousandAgentsIn200Pages() {
        for (int i = 0; i < 9_999; i++) {
            letta.add("lt-bulk-" + i);
        }
        letta.serve(50);
        reconcile().body("outcome", equalTo("completed")).body("letta_agents", equalTo(10_000)).body("pages", equalTo(201))
                .body("linked", equalTo(1)).body("unregistered", equalTo(9_999));
        given().auth().oauth2(admin.token()).queryParam("state", "unregistered").queryParam("size", 1).get("/api/v1/letta/agents")
                .then().statusCode(200).body("total", equalTo(9_999));
    }

    @Test
    void theRegistryKeepsAnsweringWhileLettaHangs() throws Exception {
        letta.server.stubFor(get(urlPathEqualTo("/v1/agents/")).willReturn(LettaStandIn.json("[]").withFixedDelay(3000)));
        settings(Map.of("url", letta.url(), "read_timeout_ms", 5000));
        Thread run = new Thread(() -> given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile"));
        run.start();
        Thread.sleep(500);
        given().auth().oauth2(admin.token()).post("/api/v1/letta/reconcile").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin.token()).get("/api/v1/agents/" + agent).then().statusCode(200).body("letta.state", equalTo("linked"));
        run.join(10_000);
    }
}
