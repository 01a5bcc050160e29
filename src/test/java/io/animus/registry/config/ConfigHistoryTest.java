package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class ConfigHistoryTest extends SignedInAsEveryRole {

    private static final String HISTORY = "/api/v1/config-history";
    private static final String SYSTEM = "/api/v1/system-config/";

    private ValidatableResponse history(Login who, String entryKey) {
        return given().auth().oauth2(who.token()).queryParam("entry_key", entryKey).when().get(HISTORY).then();
    }

    private ValidatableResponse rollback(Login who, String entryKey, int version, String ifMatch) {
        var request = given().auth().oauth2(who.token()).contentType(ContentType.JSON)
                .body(body("entry_key", entryKey, "version", version));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().post(HISTORY + "/rollback").then();
    }

    private void put(String key, String value, String type) {
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_value", value, "config_type", type, "is_encrypted", false, "category", "tuning"))
                .when().put(SYSTEM + key).then().statusCode(200);
    }

    @Test
    void threeVersionsAreRecordedAndRolledBack() {
        String key = ConfigFixtures.unique("history.");
        String entry = "system_config:" + key;
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_key", key, "config_value", "one", "description", "first"))
                .when().post("/api/v1/system-config").then().statusCode(201);
        put(key, "2", "number");
        put(key, "three", "string");

        String etag = history(viewer, entry).statusCode(200)
                .body("total", equalTo(3))
                .body("items.version", contains(3, 2, 1))
                .body("items.action", contains("update", "update", "create"))
                .body("items[2].old_value", nullValue())
                .body("items[2].new_value", equalTo("one"))
                .body("items[2].new_details.description", equalTo("first"))
                .body("items[2].new_details.category", equalTo("general"))
                .body("items[1].old_value", equalTo("one"))
                .body("items[1].new_value", equalTo("2"))
                .body("items[1].new_type", equalTo("number"))
                .body("items[1].new_details.category", equalTo("tuning"))
                .body("items[0].new_value", equalTo("three"))
                .body("items[0].changed_by", equalTo(admin.id()))
                .body("items[0].changed_at", notNullValue())
                .header("ETag", notNullValue())
                .extract().header("ETag");

        rollback(user, entry, 1, etag).statusCode(403);
        rollback(viewer, entry, 1, etag).statusCode(403);
        rollback(admin, entry, 1, "\"stale\"").statusCode(412);

        String afterRollback = rollback(admin, entry, 1, etag).statusCode(200)
                .body("version", equalTo(4)).body("action", equalTo("update")).body("rolled_back_to", equalTo(1))
                .body("old_value", equalTo("three")).body("new_value", equalTo("one")).body("new_type", equalTo("string"))
                .extract().header("ETag");
        given().auth().oauth2(admin.token()).when().get(SYSTEM + key).then().statusCode(200)
                .body("config_value", equalTo("one")).body("description", equalTo("first")).body("category", equalTo("general"));

        // the tag read before the rollback is stale now; the entry's own tag works as well as the history's
        rollback(admin, entry, 2, etag).statusCode(412);
        String entryTag = given().auth().oauth2(admin.token()).when().get(SYSTEM + key).then().extract().header("ETag");
        assertEquals(afterRollback, entryTag, "the entry and its latest version were written in one transaction");
        rollback(admin, entry, 2, entryTag).statusCode(200).body("version", equalTo(5));
        given().auth().oauth2(admin.token()).when().get(SYSTEM + key).then().body("config_value", equalTo("2"))
                .body("config_type", equalTo("number"));

        rollback(admin, entry, 9, null).statusCode(404);
        history(viewer, entry).body("total", equalTo(5)).body("items[0].rolled_back_to", equalTo(2));
    }

    @Test
    void aDeletedEntryIsRecreatedAndADeleteIsRolledBackTo() {
        String key = ConfigFixtures.unique("gone.");
        String entry = "system_config:" + key;
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body("config_key", key, "config_value", "v1"))
                .when().post("/api/v1/system-config").then().statusCode(201);
        put(key, "v2", "string");
        given().auth().oauth2(admin.token()).when().delete(SYSTEM + key).then().statusCode(204);
        history(admin, entry).body("items[0].action", equalTo("delete")).body("items[0].old_value", equalTo("v2"))
                .body("items[0].new_value", nullValue()).body("items[0].new_type", nullValue());

        rollback(admin, entry, 3, null).statusCode(409).body("detail", containsString("already deleted"));
        rollback(admin, entry, 2, null).statusCode(200).body("version", equalTo(4)).body("action", equalTo("create"))
                .body("rolled_back_to", equalTo(2));
        given().auth().oauth2(admin.token()).when().get(SYSTEM + key).then().statusCode(200).body("config_value", equalTo("v2"));

        rollback(admin, entry, 3, null).statusCode(200).body("version", equalTo(5)).body("action", equalTo("delete"));
        given().auth().oauth2(admin.token()).when().get(SYSTEM + key).then().statusCode(404);

        // a create after the delete continues the entry's versions
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body("config_key", key, "config_value", "v6"))
                .when().post("/api/v1/system-config").then().statusCode(201);
        history(admin, entry).body("items[0].version", equalTo(6)).body("items[0].action", equalTo("create"));
    }

    @Test
    void encryptedValuesStayEncryptedInTheHistoryAndRollBackUnseen() {
        String key = ConfigFixtures.unique("token.");
        int id = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", key, "value", "HISTORIC-SECRET-1", "scope", "system", "is_encrypted", true))
                .when().post("/api/v1/configurations").then().statusCode(201).extract().path("id");
        for (String next : List.of("HISTORIC-SECRET-2", "HISTORIC-SECRET-3")) {
            given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                    .body(body("value", next, "type", "string", "is_encrypted", true))
                    .when().put("/api/v1/configurations/" + id).then().statusCode(200);
        }
        String entry = "configurations:system::" + key;
        String answer = history(admin, entry).statusCode(200).body("total", equalTo(3))
                .body("items[0].old_value", equalTo("********")).body("items[0].new_value", equalTo("********"))
                .body("items[0].new_is_encrypted", equalTo(true)).extract().asString();
        assertFalse(answer.contains("HISTORIC"), answer);
        for (String stored : fixtures.column("SELECT coalesce(old_value, '') || new_value FROM config_history WHERE entry_key = ?", entry)) {
            assertTrue(stored.contains("enc:v1:"), stored);
            assertFalse(stored.contains("HISTORIC"), stored);
        }
        rollback(admin, entry, 1, null).statusCode(200).body("new_value", equalTo("********"));
        given().auth().oauth2(admin.token()).when().get("/api/v1/configurations/" + id + "/reveal").then().statusCode(200)
                .body("value", equalTo("HISTORIC-SECRET-1"));
    }

    @Test
    void recreatingAnEntryNeedsItsOwnerToExist() {
        int agent = fixtures.agent(null, null);
        String key = ConfigFixtures.unique("owned.");
        int id = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", key, "value", "x", "scope", "agent", "scope_id", agent))
                .when().post("/api/v1/configurations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).when().delete("/api/v1/configurations/" + id).then().statusCode(204);
        fixtures.deleteAgent(agent);
        rollback(admin, "configurations:agent:" + agent + ":" + key, 1, null).statusCode(422)
                .body("detail", containsString("no agent has the id " + agent));
    }

    @Test
    void aRefusedChangeLeavesNoVersion() {
        String key = ConfigFixtures.unique("typed.");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_key", key, "config_value", "1", "config_type", "number"))
                .when().post("/api/v1/system-config").then().statusCode(201);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_value", "many", "config_type", "number", "is_encrypted", false))
                .when().put(SYSTEM + key).then().statusCode(422);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).header("If-Match", "\"x\"")
                .body(body("config_value", "2", "config_type", "number", "is_encrypted", false))
                .when().put(SYSTEM + key).then().statusCode(412);
        history(admin, "system_config:" + key).body("total", equalTo(1));
    }

    @Test
    void historyIsReadByEntryWithTheEntrysReadRules() {
        history(admin, "nonsense").statusCode(422).body("errors[0].field", equalTo("entry_key"));
        history(admin, "system_config:" + ConfigFixtures.unique("never.")).statusCode(404);
        given().auth().oauth2(user.token()).when().get(HISTORY).then().statusCode(403);
        given().auth().oauth2(admin.token()).queryParam("table", "env_vars").when().get(HISTORY).then().statusCode(200);
        given().auth().oauth2(admin.token()).queryParam("table", "users").when().get(HISTORY).then().statusCode(422);

        int hidden = fixtures.agent(null, List.of("admin"));
        String key = ConfigFixtures.unique("hidden.");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("agent_id", hidden, "config_key", key, "config_value", "x"))
                .when().post("/api/v1/agent-configs").then().statusCode(201);
        history(user, "agent_configs:" + hidden + ":" + key).statusCode(404);
        history(admin, "agent_configs:" + hidden + ":" + key).statusCode(200).body("total", equalTo(1));

        String name = ConfigFixtures.unique("HIST_");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body("var_name", name, "var_value", "x"))
                .when().post("/api/v1/env-vars").then().statusCode(201);
        history(viewer, "env_vars:" + name).statusCode(403);
        history(admin, "env_vars:" + name).statusCode(200).body("items[0].table", equalTo("env_vars"));
        rollback(admin, "nonsense", 1, null).statusCode(422);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("entry_key", "env_vars:" + name))
                .when().post(HISTORY + "/rollback").then().statusCode(422).body("errors[0].field", equalTo("version"));
    }
}
