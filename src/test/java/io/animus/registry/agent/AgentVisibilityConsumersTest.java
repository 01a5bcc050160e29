package io.animus.registry.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The one agent-visibility rule as each consumer applies it: agents, configurations, agent settings,
 * effective configurations, tool instances and chat. One agent is visible to one user by id and to
 * no one else but admins; every consumer shows it (and what belongs to it) to that user and answers
 * 404 to another user of the same role.
 */
@QuarkusTest
class AgentVisibilityConsumersTest {

    @Inject
    ConfigFixtures fixtures;

    Login admin;
    Login named;
    Login other;
    int agent;

    @BeforeEach
    void oneAgentVisibleToOneUser() {
        admin = fixtures.user(Role.ADMIN);
        named = fixtures.user(Role.USER);
        other = fixtures.user(Role.USER);
        agent = fixtures.agent(List.of(named.id()), null);
    }

    private int created(String path, Map<String, Object> body) {
        return given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    private void seenOnlyByTheNamedUser(String path) {
        given().auth().oauth2(named.token()).when().get(path).then().statusCode(200);
        given().auth().oauth2(other.token()).when().get(path).then().statusCode(404);
        given().auth().oauth2(admin.token()).when().get(path).then().statusCode(200);
    }

    @Test
    void agents() {
        seenOnlyByTheNamedUser("/api/v1/agents/" + agent);
    }

    @Test
    void configurations() {
        String key = ConfigFixtures.unique("visible.");
        int id = created("/api/v1/configurations", Map.of("key", key, "scope", "agent", "scope_id", agent));
        seenOnlyByTheNamedUser("/api/v1/configurations/" + id);
        given().auth().oauth2(named.token()).queryParam("key", key).when().get("/api/v1/configurations").then()
                .statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(other.token()).queryParam("key", key).when().get("/api/v1/configurations").then()
                .statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void agentSettings() {
        int id = created("/api/v1/agent-configs", Map.of("agent_id", agent, "config_key", "plan"));
        seenOnlyByTheNamedUser("/api/v1/agent-configs/" + id);
        given().auth().oauth2(named.token()).queryParam("agent_id", agent).when().get("/api/v1/agent-configs").then()
                .statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(other.token()).queryParam("agent_id", agent).when().get("/api/v1/agent-configs").then()
                .statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void effectiveConfigurations() {
        seenOnlyByTheNamedUser("/api/v1/configurations/effective?agent_id=" + agent);
    }

    @Test
    void toolInstances() throws Exception {
        int tool = fixtures.tool(ModuleScope.GLOBAL);
        int instance = fixtures.instance(tool, agent, null);
        seenOnlyByTheNamedUser("/api/v1/tool-instances/" + instance);
        given().auth().oauth2(named.token()).queryParam("tool_id", tool).when().get("/api/v1/tool-instances").then()
                .statusCode(200).body("items.id", hasItem(instance));
        given().auth().oauth2(other.token()).queryParam("tool_id", tool).when().get("/api/v1/tool-instances").then()
                .statusCode(200).body("items.id", not(hasItem(instance)));
    }

    @Test
    void chat() {
        given().auth().oauth2(named.token()).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .when().post("/api/v1/chat/sessions").then().statusCode(201);
        given().auth().oauth2(other.token()).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .when().post("/api/v1/chat/sessions").then().statusCode(404);
    }
}
