package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class AgentConfigResourceTest extends SignedInAsEveryRole {

    private static final String PATH = "/api/v1/agent-configs";

    private ValidatableResponse create(Login who, Map<String, Object> body) {
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    @Test
    void aSettingIsUniquePerAgentAndKey() {
        int athena = fixtures.agent(null, null);
        int monday = fixtures.agent(null, null);
        create(admin, body("agent_id", athena, "config_key", "model", "config_value", "claude")).statusCode(201)
                .body("agent_id", equalTo(athena)).body("config_type", equalTo("string"))
                .body("entry_key", equalTo("agent_configs:" + athena + ":model"));
        create(admin, body("agent_id", athena, "config_key", "model", "config_value", "gpt")).statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already exists"));
        create(admin, body("agent_id", monday, "config_key", "model", "config_value", "gpt")).statusCode(201);
        given().auth().oauth2(user.token()).queryParam("agent_id", athena).when().get(PATH).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].config_value", equalTo("claude"));
        given().auth().oauth2(user.token()).queryParam("config_key", "model").queryParam("agent_id", monday).when().get(PATH)
                .then().statusCode(200).body("items[0].config_value", equalTo("gpt"));
    }

    @Test
    void theAgentMustExist() {
        create(admin, body("agent_id", 987_654, "config_key", "model")).statusCode(422)
                .body("errors[0].field", equalTo("agent_id")).body("detail", containsString("no agent has the id 987654"));
        create(admin, body("config_key", "model")).statusCode(422).body("errors[0].field", equalTo("agent_id"));
    }

    @Test
    void valuesAreTypeChecked() {
        int agent = fixtures.agent(null, null);
        create(admin, body("agent_id", agent, "config_key", "temperature", "config_value", "warm", "config_type", "number"))
                .statusCode(422).body("detail", containsString("'temperature'"));
        create(admin, body("agent_id", agent, "config_key", "streaming", "config_value", "maybe", "config_type", "boolean"))
                .statusCode(422).body("detail", containsString("'streaming'"));
        create(admin, body("agent_id", agent, "config_key", "tools", "config_value", "[\"a\"", "config_type", "json"))
                .statusCode(422).body("detail", containsString("'tools'"));
        create(admin, body("agent_id", agent, "config_key", "temperature", "config_value", "0.7", "config_type", "number"))
                .statusCode(201);
        create(admin, body("agent_id", agent, "config_key", "streaming", "config_value", "true", "config_type", "boolean"))
                .statusCode(201);
        create(admin, body("agent_id", agent, "config_key", "tools", "config_value", "[\"a\"]", "config_type", "json"))
                .statusCode(201);
    }

    @Test
    void updatesAndDeletesHonourIfMatch() {
        int agent = fixtures.agent(null, null);
        var created = create(admin, body("agent_id", agent, "config_key", "persona", "config_value", "calm")).statusCode(201).extract();
        int id = created.path("id");
        String etag = created.header("ETag");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(body("config_value", "bold", "config_type", "string", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(412);
        String next = given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", etag)
                .body(body("config_value", "bold", "config_type", "string", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(200).body("config_value", equalTo("bold")).extract().header("ETag");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("agent_id", agent + 1, "config_value", "x", "config_type", "string", "is_encrypted", false))
                .when().put(PATH + "/" + id).then().statusCode(422).body("errors[0].field", equalTo("agent_id"));
        given().auth().oauth2(admin.token()).header("If-Match", etag).when().delete(PATH + "/" + id).then().statusCode(412);
        given().auth().oauth2(admin.token()).header("If-Match", next).when().delete(PATH + "/" + id).then().statusCode(204);
    }

    @Test
    void settingsOfAgentsAUserCannotSeeAreHidden() {
        int hidden = fixtures.agent(List.of(admin.id()), null);
        int id = create(admin, body("agent_id", hidden, "config_key", "secret.plan", "config_value", "x")).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(user.token()).when().get(PATH + "/" + id).then().statusCode(404);
        given().auth().oauth2(user.token()).queryParam("agent_id", hidden).when().get(PATH).then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(admin.token()).queryParam("agent_id", hidden).when().get(PATH).then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void secretsAreMaskedAndOnlyAdminsWriteOrReveal() {
        int agent = fixtures.agent(null, null);
        int id = create(admin, body("agent_id", agent, "config_key", "api.key", "config_value", "sk-123", "is_encrypted", true))
                .statusCode(201).body("config_value", equalTo("********")).extract().path("id");
        for (Login reader : List.of(user, viewer)) {
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + id).then().statusCode(200)
                    .body("config_value", equalTo("********"));
            given().auth().oauth2(reader.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(403);
            create(reader, body("agent_id", agent, "config_key", "other")).statusCode(403);
            given().auth().oauth2(reader.token()).when().delete(PATH + "/" + id).then().statusCode(403);
        }
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(200)
                .body("config_value", equalTo("sk-123"));
    }
}
