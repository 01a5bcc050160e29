package io.animus.registry.console;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.animus.registry.config.secret.SecretReveal;
import io.animus.registry.console.configuration.EntryKind;
import io.animus.registry.identity.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Environment variables, agent settings and scoped configurations the configuration page's tests edit, made and read through the API. */
final class EntryFixtures {

    /** An entry as the API made it: its kind, id, name and entry key (the name of its history). */
    record Entry(EntryKind kind, int id, String name, String entryKey) {

        /** The id of its line in the page. */
        String dom() {
            return kind.dom(id);
        }

        /** Its value as the API shows it to an admin (masked when encrypted). */
        String stored() {
            return get().getString(valueField(kind));
        }

        /** Whether it still exists. */
        boolean exists() {
            return given().auth().oauth2(Accounts.adminToken()).get(api(kind) + "/" + id).statusCode() == 200;
        }

        /** How often its value was revealed. */
        long reveals() {
            return QuarkusTransaction.requiringNew().call(() -> SecretReveal.count("entryKey", entryKey));
        }

        private JsonPath get() {
            return given().auth().oauth2(Accounts.adminToken()).get(api(kind) + "/" + id).then().statusCode(200).extract().jsonPath();
        }
    }

    private EntryFixtures() {
    }

    /** A new entry of {@code kind} (an environment variable's type is always string); agent settings and scoped configurations belong to a new agent. */
    static Entry create(EntryKind kind, String type, String value, boolean encrypted) {
        String name = Accounts.unique("console_" + type).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        Map<String, Object> body = new HashMap<>();
        body.put("is_encrypted", encrypted);
        switch (kind) {
            case ENV_VARS -> {
                body.put("var_name", name);
                body.put("var_value", value);
            }
            case AGENT_CONFIGS -> {
                body.put("agent_id", ConsoleFixtures.agent("settings of " + name));
                body.put("config_key", name);
                body.put("config_value", value);
                body.put("config_type", type);
            }
            case CONFIGURATIONS -> {
                body.put("key", name);
                body.put("value", value);
                body.put("type", type);
                body.put("scope", "agent");
                body.put("scope_id", ConsoleFixtures.agent("configurations of " + name));
            }
        }
        JsonPath created = given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(body)
                .post(api(kind)).then().statusCode(201).extract().jsonPath();
        return new Entry(kind, created.getInt("id"), name, created.getString("entry_key"));
    }

    static String api(EntryKind kind) {
        return "/api/v1/" + kind.path();
    }

    static String valueField(EntryKind kind) {
        return switch (kind) {
            case ENV_VARS -> "var_value";
            case AGENT_CONFIGS -> "config_value";
            case CONFIGURATIONS -> "value";
        };
    }
}
