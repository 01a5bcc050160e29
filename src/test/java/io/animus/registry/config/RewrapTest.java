package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.animus.registry.crypto.KeyRing;
import io.animus.registry.crypto.SecretsCipher;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Key rotation end to end: the service runs with a new current key and the old key as retired;
 * values sealed under the old key still read, a rewrap moves every one of them (the four tables
 * and the history) to the new key, and afterwards the new key alone opens them all.
 */
@QuarkusTest
@TestProfile(RewrapTest.RotatedKeys.class)
class RewrapTest {

    static final String OLD_KEY = Base64.getEncoder().encodeToString("old-secrets-key-of-32-bytes-xxxx".getBytes());
    static final String NEW_KEY = Base64.getEncoder().encodeToString("new-secrets-key-of-32-bytes-yyyy".getBytes());

    /** The new key is current, the old one retired but readable. */
    public static class RotatedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("animus.secrets.key", NEW_KEY, "%test.animus.secrets.key", NEW_KEY,
                    "animus.secrets.key-id", "new2",
                    "animus.secrets.old-keys", "old1=" + OLD_KEY);
        }
    }

    /** Every stored encrypted value with the entry key it is bound to. */
    private static final String ENCRYPTED_VALUES = """
            SELECT 'configurations:' || scope || ':' || coalesce(scope_id::text, '') || ':' || key, value
              FROM configurations WHERE is_encrypted AND value IS NOT NULL
            UNION ALL SELECT 'system_config:' || config_key, config_value FROM system_config WHERE is_encrypted AND config_value IS NOT NULL
            UNION ALL SELECT 'env_vars:' || var_name, var_value FROM env_vars WHERE is_encrypted AND var_value IS NOT NULL
            UNION ALL SELECT 'agent_configs:' || agent_id || ':' || config_key, config_value FROM agent_configs
              WHERE is_encrypted AND config_value IS NOT NULL
            UNION ALL SELECT entry_key, old_value FROM config_history WHERE old_encrypted AND old_value IS NOT NULL
            UNION ALL SELECT entry_key, new_value FROM config_history WHERE new_encrypted AND new_value IS NOT NULL""";

    @Inject
    ConfigFixtures fixtures;

    private final SecretsCipher old = new SecretsCipher(KeyRing.parse(OLD_KEY, "old1", null));

    private List<String[]> encryptedValues() {
        List<String[]> pairs = new ArrayList<>();
        for (String row : fixtures.column("SELECT k || chr(1) || s FROM (" + ENCRYPTED_VALUES + ") AS v(k, s)")) {
            pairs.add(row.split("\u0001", 2));
        }
        return pairs;
    }

    @Test
    void valuesUnderTheOldKeyReadAndARewrapMovesThemAllToTheNewKey() {
        Login admin = fixtures.user(Role.ADMIN);
        Login user = fixtures.user(Role.USER);
        int agent = fixtures.agent(null, null);
        String key = ConfigFixtures.unique("rotated.");
        String name = ConfigFixtures.unique("ROTATED_");

        int configuration = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("key", key, "value", "plain-conf", "scope", "system", "is_encrypted", true))
                .when().post("/api/v1/configurations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_key", key, "config_value", "plain-sys", "is_encrypted", true))
                .when().post("/api/v1/system-config").then().statusCode(201);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("config_value", "plain-sys-2", "config_type", "string", "is_encrypted", true))
                .when().put("/api/v1/system-config/" + key).then().statusCode(200);
        int envVar = given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("var_name", name, "var_value", "plain-env", "is_encrypted", true))
                .when().post("/api/v1/env-vars").then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("agent_id", agent, "config_key", key, "config_value", "plain-agent", "is_encrypted", true))
                .when().post("/api/v1/agent-configs").then().statusCode(201);
        for (String[] value : encryptedValues()) {
            assertTrue(value[1].startsWith("enc:v1:new2:"), "written under the current key: " + value[1]);
        }

        // as if written before the rotation: every value sealed under the old key, same entries
        String conf = "configurations:system::" + key;
        String sys = "system_config:" + key;
        String env = "env_vars:" + name;
        String agentEntry = "agent_configs:" + agent + ":" + key;
        fixtures.update("UPDATE configurations SET value = ? WHERE id = ?", old.encrypt("plain-conf", conf), configuration);
        fixtures.update("UPDATE system_config SET config_value = ? WHERE config_key = ?", old.encrypt("plain-sys-2", sys), key);
        fixtures.update("UPDATE env_vars SET var_value = ? WHERE id = ?", old.encrypt("plain-env", env), envVar);
        fixtures.update("UPDATE agent_configs SET config_value = ? WHERE agent_id = ? AND config_key = ?",
                old.encrypt("plain-agent", agentEntry), agent, key);
        fixtures.update("UPDATE config_history SET new_value = ? WHERE entry_key = ? AND version = 1", old.encrypt("plain-conf", conf), conf);
        fixtures.update("UPDATE config_history SET new_value = ? WHERE entry_key = ? AND version = 1", old.encrypt("plain-sys", sys), sys);
        fixtures.update("UPDATE config_history SET old_value = ?, new_value = ? WHERE entry_key = ? AND version = 2",
                old.encrypt("plain-sys", sys), old.encrypt("plain-sys-2", sys), sys);
        fixtures.update("UPDATE config_history SET new_value = ? WHERE entry_key = ? AND version = 1", old.encrypt("plain-env", env), env);
        fixtures.update("UPDATE config_history SET new_value = ? WHERE entry_key = ? AND version = 1",
                old.encrypt("plain-agent", agentEntry), agentEntry);
        // and one value flagged encrypted but stored in plaintext, as before encryption existed
        String legacy = ConfigFixtures.unique("LEGACY_");
        fixtures.update("INSERT INTO env_vars (var_name, var_value, is_encrypted) VALUES (?, 'legacy-plain', true)", legacy);

        // the retired key still reads
        given().auth().oauth2(admin.token()).when().get("/api/v1/configurations/" + configuration + "/reveal").then()
                .statusCode(200).body("value", equalTo("plain-conf"));
        given().auth().oauth2(admin.token()).when().get("/api/v1/env-vars/" + envVar + "/reveal").then()
                .statusCode(200).body("var_value", equalTo("plain-env"));

        given().auth().oauth2(user.token()).when().post("/api/v1/secrets/rewrap").then().statusCode(403);
        JsonPath report = given().auth().oauth2(admin.token()).when().post("/api/v1/secrets/rewrap").then().statusCode(200)
                .body("key_id", equalTo("new2"))
                .body("rewrapped", equalTo(10))
                .body("sealed", equalTo(1))
                .extract().jsonPath();
        Map<String, Integer> rewrappedByTable = new TreeMap<>();
        for (Map<String, Object> table : report.<Map<String, Object>>getList("tables")) {
            rewrappedByTable.put((String) table.get("table"), (Integer) table.get("rewrapped"));
        }
        assertEquals(Map.of("agent_configs", 1, "config_history", 6, "configurations", 1, "env_vars", 1, "letta_settings", 0, "system_config", 1),
                rewrappedByTable);

        // every encrypted value now carries the new key id, and the new key alone opens each one
        SecretsCipher onlyNew = new SecretsCipher(KeyRing.parse(NEW_KEY, "new2", null));
        List<String> plaintexts = new ArrayList<>();
        for (String[] value : encryptedValues()) {
            assertTrue(value[1].startsWith("enc:v1:new2:"), value[0] + " " + value[1]);
            assertFalse(value[1].contains("old1"), value[1]);
            plaintexts.add(onlyNew.decrypt(value[1], value[0]));
        }
        assertTrue(plaintexts.containsAll(List.of("plain-conf", "plain-sys", "plain-sys-2", "plain-env", "plain-agent", "legacy-plain")),
                plaintexts.toString());
        assertEquals("0", fixtures.value("SELECT count(*) FROM env_vars WHERE var_value = 'legacy-plain'"));

        // a second rewrap has nothing left to move
        given().auth().oauth2(admin.token()).when().post("/api/v1/secrets/rewrap").then().statusCode(200)
                .body("rewrapped", equalTo(0)).body("sealed", equalTo(0));
        given().auth().oauth2(admin.token()).when().get("/api/v1/system-config/" + key + "/reveal").then()
                .statusCode(200).body("config_value", equalTo("plain-sys-2"));
    }
}
