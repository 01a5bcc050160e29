package io.animus.registry.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures;
import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.config.SignedInAsEveryRole;
import io.animus.registry.identity.Role;
import io.animus.registry.tool.ModuleScope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The one agent-visibility rule as each consumer applies it: agents, configurations, agent settings,
 * effective configurations, tool instances and chat. One agent is visible to one user by id and to
 * no one else but admins; every consumer shows it (and what belongs to it) to that user and answers
 * 404 (or leaves it out of a list) to another user of the same role.
 */
@QuarkusTest
class AgentVisibilityConsumersTest extends SignedInAsEveryRole {

    /** A user of the same role as {@code user}, whom the agent's list does not name. */
    Login other;
    int agent;

    @BeforeEach
    void oneAgentVisibleToOneUser() {
        other = fixtures.user(Role.USER);
        agent = fixtures.agent(List.of(user.id()), null);
    }

    /** Leaves the registry's agents as they were: the console's list pages count on their number. */
    @AfterEach
    void deleteTheAgentAndWhatBelongsToIt() {
        given().auth().oauth2(admin.token()).queryParam("cascade", true).when().delete("/api/v1/agents/" + agent).then()
                .statusCode(204);
    }

    private int created(String path, Map<String, Object> body) {
        return given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    private void seenOnlyByTheNamedUser(String path) {
        given().auth().oauth2(user.token()).when().get(path).then().statusCode(200);
        given().auth().oauth2(other.token()).when().get(path).then().statusCode(404);
        given().auth().oauth2(admin.token()).when().get(path).then().statusCode(200);
    }

    private void listedOnlyForTheNamedUser(String path, String filter, Object value, int id) {
        given().auth().oauth2(user.token()).queryParam(filter, value).when().get(path).then()
                .statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(other.token()).queryParam(filter, value).when().get(path).then()
                .statusCode(200).body("items.id", not(hasItem(id)));
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
        listedOnlyForTheNamedUser("/api/v1/configurations", "key", key, id);
    }

    @Test
    void agentSettings() {
        int id = created("/api/v1/agent-configs", Map.of("agent_id", agent, "config_key", "plan"));
        seenOnlyByTheNamedUser("/api/v1/agent-configs/" + id);
        listedOnlyForTheNamedUser("/api/v1/agent-configs", "agent_id", agent, id);
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
        listedOnlyForTheNamedUser("/api/v1/tool-instances", "tool_id", tool, instance);
    }

    @Test
    void chat() {
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .when().post("/api/v1/chat/sessions").then().statusCode(201);
        given().auth().oauth2(other.token()).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .when().post("/api/v1/chat/sessions").then().statusCode(404);
    }
}
