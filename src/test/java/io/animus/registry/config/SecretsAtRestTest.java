package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.animus.registry.crypto.KeyRing;
import io.animus.registry.crypto.SecretsCipher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SecretsAtRestTest extends SignedInAsEveryRole {

    private static String currentKeyId() {
        String key = ConfigProvider.getConfig().getValue("animus.secrets.key", String.class);
        return KeyRing.defaultId(Base64.getDecoder().decode(key));
    }

    private int post(String path, Map<String, Object> body) {
        return given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void theStoredBytesOfEveryEncryptedValueDifferFromThePlaintext() {
        String plaintext = ConfigFixtures.unique("PLAINTEXT-SECRET-");
        String name = ConfigFixtures.unique("SECRET_");
        int agent = fixtures.agent(null, null);
        int configuration = post("/api/v1/configurations", body("key", name, "value", plaintext, "scope", "system", "is_encrypted", true));
        post("/api/v1/system-config", body("config_key", name, "config_value", plaintext, "is_encrypted", true));
        int envVar = post("/api/v1/env-vars", body("var_name", name, "var_value", plaintext, "is_encrypted", true));
        int agentConfig = post("/api/v1/agent-configs", body("agent_id", agent, "config_key", name, "config_value", plaintext,
                "is_encrypted", true));
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(body("var_value", plaintext + "-2", "is_encrypted", true)).when().put("/api/v1/env-vars/" + envVar)
                .then().statusCode(200);

        String prefix = "enc:v1:" + currentKeyId() + ":";
        List<String> stored = List.of(
                fixtures.value("SELECT value FROM configurations WHERE id = ?", configuration),
                fixtures.value("SELECT config_value FROM system_config WHERE config_key = ?", name),
                fixtures.value("SELECT var_value FROM env_vars WHERE id = ?", envVar),
                fixtures.value("SELECT config_value FROM agent_configs WHERE id = ?", agentConfig));
        for (String value : stored) {
            assertTrue(value.startsWith(prefix), value);
            assertFalse(value.contains(plaintext), value);
        }
        List<String> history = fixtures.column("SELECT coalesce(old_value, '') || '|' || new_value FROM config_history "
                + "WHERE entry_key IN (?, ?, ?, ?)", "configurations:system::" + name, "system_config:" + name,
                "env_vars:" + name, "agent_configs:" + agent + ":" + name);
        assertEquals(5, history.size(), "four creates and one update");
        for (String values : history) {
            assertTrue(values.contains(prefix), values);
            assertFalse(values.contains("PLAINTEXT"), values);
        }
        // and nowhere in any text column of the registry's configuration tables
        assertEquals("0", fixtures.value("""
                SELECT count(*) FROM (
                    SELECT t::text AS row FROM configurations t UNION ALL SELECT t::text FROM system_config t
                    UNION ALL SELECT t::text FROM env_vars t UNION ALL SELECT t::text FROM agent_configs t
                    UNION ALL SELECT t::text FROM config_history t UNION ALL SELECT t::text FROM secret_reveals t) rows
                WHERE row LIKE ?""", "%" + plaintext + "%"));
        // while the API shows it to an admin who asks
        given().auth().oauth2(admin.token()).when().get("/api/v1/agent-configs/" + agentConfig + "/reveal").then()
                .statusCode(200).body("config_value", equalTo(plaintext));
    }

    @Test
    void aValueCopiedIntoAnotherEntryDoesNotDecrypt() {
        String a = ConfigFixtures.unique("moved.a.");
        String b = ConfigFixtures.unique("moved.b.");
        post("/api/v1/system-config", body("config_key", a, "config_value", "secret-of-a", "is_encrypted", true));
        post("/api/v1/system-config", body("config_key", b, "config_value", "secret-of-b", "is_encrypted", true));
        fixtures.update("UPDATE system_config SET config_value = (SELECT config_value FROM system_config WHERE config_key = ?) "
                + "WHERE config_key = ?", a, b);
        try {
            String answer = given().auth().oauth2(admin.token()).when().get("/api/v1/system-config/" + b + "/reveal").then()
                    .statusCode(500).contentType("application/problem+json")
                    .body("detail", containsString("system_config:" + b + " cannot be decrypted with the configured keys"))
                    .body("detail", containsString("ANIMUS_SECRETS_KEY"))
                    .extract().asString();
            assertFalse(answer.contains("secret-of-a"), answer);
            assertFalse(answer.contains("at io."), "no stack trace: " + answer);
        } finally {
            given().auth().oauth2(admin.token()).when().delete("/api/v1/system-config/" + b).then().statusCode(204);
        }
    }

    @Test
    void aWrongKeyIsAClearProblemAndNoSecretReachesTheLog() {
        int agent = fixtures.agent(null, null);
        String key = ConfigFixtures.unique("wrong.key.");
        String entryKey = "agent_configs:" + agent + ":" + key;
        int id = post("/api/v1/agent-configs", body("agent_id", agent, "config_key", key, "config_value", "right", "is_encrypted", true));
        String sealedRight = fixtures.value("SELECT config_value FROM agent_configs WHERE id = ?", id);
        String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
        SecretsCipher sameIdOtherKey = new SecretsCipher(KeyRing.parse(wrongKey, currentKeyId(), null));
        SecretsCipher unknownId = new SecretsCipher(KeyRing.parse(wrongKey, "retired9", null));
        try (LogCapture log = LogCapture.start()) {
            fixtures.update("UPDATE agent_configs SET config_value = ? WHERE id = ?",
                    sameIdOtherKey.encrypt("LEAKED-IF-SEEN-1", entryKey), id);
            given().auth().oauth2(admin.token()).when().get("/api/v1/agent-configs/" + id + "/reveal").then().statusCode(500)
                    .body("detail", containsString("cannot be decrypted with the configured keys"))
                    .body("detail", containsString("does not open it"))
                    .body("detail", not(containsString("LEAKED")));
            given().auth().oauth2(admin.token()).queryParam("agent_id", agent).queryParam("reveal", true)
                    .when().get("/api/v1/configurations/effective").then().statusCode(500)
                    .body("detail", containsString(entryKey));

            fixtures.update("UPDATE agent_configs SET config_value = ? WHERE id = ?", unknownId.encrypt("LEAKED-IF-SEEN-2", entryKey), id);
            given().auth().oauth2(admin.token()).when().get("/api/v1/agent-configs/" + id + "/reveal").then().statusCode(500)
                    .body("detail", containsString("key id 'retired9'"))
                    .body("detail", containsString("ANIMUS_SECRETS_OLD_KEYS"));
            // masked reads do not need the key at all
            given().auth().oauth2(user.token()).when().get("/api/v1/agent-configs/" + id).then().statusCode(200)
                    .body("config_value", equalTo("********"));

            // a type error of a secret, and a secret revealed: neither leaves its value in a log line
            given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                    .body(body("key", key, "value", "LEAKED-IF-SEEN-3", "type", "number", "scope", "system", "is_encrypted", true))
                    .when().post("/api/v1/configurations").then().statusCode(422);
            int other = post("/api/v1/configurations", body("key", key, "value", "LEAKED-IF-SEEN-4", "scope", "system",
                    "is_encrypted", true));
            given().auth().oauth2(admin.token()).when().get("/api/v1/configurations/" + other + "/reveal").then().statusCode(200)
                    .body("value", equalTo("LEAKED-IF-SEEN-4"));

            assertTrue(log.text().contains("cannot be decrypted"), log.text());
            assertTrue(log.text().contains("Secret revealed: entry configurations:system::" + key), log.text());
            assertFalse(log.text().contains("LEAKED-IF-SEEN"), log.text());
        } finally {
            // the value the service sealed, back before the delete: its history must not keep a value no key opens,
            // or every later rewrap of the suite's database would stop on it
            fixtures.update("UPDATE agent_configs SET config_value = ? WHERE id = ?", sealedRight, id);
            given().auth().oauth2(admin.token()).when().delete("/api/v1/agent-configs/" + id).then().statusCode(204);
        }
    }

    @Test
    void aRevealIsAuditedWithWhoAndWhen() {
        String key = ConfigFixtures.unique("audited.");
        post("/api/v1/system-config", body("config_key", key, "config_value", "v", "is_encrypted", true));
        given().auth().oauth2(admin.token()).when().get("/api/v1/system-config/" + key + "/reveal").then().statusCode(200);
        given().auth().oauth2(admin.token()).queryParam("entry_key", "system_config:" + key).when().get("/api/v1/secrets/reveals")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].purpose", equalTo("reveal"))
                .body("items[0].revealed_by", equalTo(admin.id())).body("items[0].table", equalTo("system_config"));
        given().auth().oauth2(user.token()).when().get("/api/v1/secrets/reveals").then().statusCode(403);
        // a value that is not encrypted is no secret: reading it is not audited
        String plain = ConfigFixtures.unique("plain.");
        post("/api/v1/system-config", body("config_key", plain, "config_value", "v"));
        given().auth().oauth2(admin.token()).when().get("/api/v1/system-config/" + plain + "/reveal").then().statusCode(200);
        assertEquals("0", fixtures.value("SELECT count(*) FROM secret_reveals WHERE entry_key = ?", "system_config:" + plain));
    }

    @Test
    void rewrapIsForAdminsOnly() {
        given().auth().oauth2(user.token()).when().post("/api/v1/secrets/rewrap").then().statusCode(403);
    }
}
