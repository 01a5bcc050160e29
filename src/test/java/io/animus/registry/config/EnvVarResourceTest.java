package io.animus.registry.config;

import static io.animus.registry.config.ConfigurationResourceTest.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.ConfigFixtures.Login;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class EnvVarResourceTest extends SignedInAsEveryRole {

    private static final String PATH = "/api/v1/env-vars";

    private ValidatableResponse create(Login who, Map<String, Object> body) {
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(body).when().post(PATH).then();
    }

    private static String name() {
        return ConfigFixtures.unique("ANIMUS_TEST_");
    }

    @Test
    void namesMustBeValidEnvironmentVariableNames() {
        for (String bad : List.of("1ABC", "HAS-DASH", "has space", "DOT.TED", "", "ÜBER", "A=B")) {
            create(admin, body("var_name", bad, "var_value", "x")).statusCode(422).body("errors[0].field", equalTo("var_name"));
        }
        for (String good : List.of("_" + name(), name().toLowerCase(), name())) {
            create(admin, body("var_name", good, "var_value", "x")).statusCode(201).body("var_name", equalTo(good))
                    .body("entry_key", equalTo("env_vars:" + good));
        }
    }

    @Test
    void aNameIsUnique() {
        String name = name();
        create(admin, body("var_name", name, "var_value", "1")).statusCode(201);
        create(admin, body("var_name", name, "var_value", "2")).statusCode(409).body("detail", containsString("already exists"));
    }

    @Test
    void usersAndViewersSeeNothingOfEnvironmentVariables() {
        String name = name();
        int id = create(admin, body("var_name", name, "var_value", "visible-to-admins")).statusCode(201).extract().path("id");
        for (Login other : List.of(user, viewer)) {
            given().auth().oauth2(other.token()).when().get(PATH).then().statusCode(403);
            given().auth().oauth2(other.token()).when().get(PATH + "/" + id).then().statusCode(403);
            given().auth().oauth2(other.token()).when().get(PATH + "/" + id + "/reveal").then().statusCode(403);
            given().auth().oauth2(other.token()).when().get(PATH + "/export").then().statusCode(403);
            create(other, body("var_name", name(), "var_value", "x")).statusCode(403);
            given().auth().oauth2(other.token()).when().delete(PATH + "/" + id).then().statusCode(403);
            given().auth().oauth2(other.token()).queryParam("entry_key", "env_vars:" + name).when().get("/api/v1/config-history")
                    .then().statusCode(403);
        }
        given().when().get(PATH + "/export").then().statusCode(401);
        given().auth().oauth2(admin.token()).queryParam("var_name", name).when().get(PATH).then().statusCode(200)
                .body("items[0].var_value", equalTo("visible-to-admins"));
    }

    @Test
    void updatesAndDeletesHonourIfMatch() {
        var created = create(admin, body("var_name", name(), "var_value", "a")).statusCode(201).extract();
        int id = created.path("id");
        String etag = created.header("ETag");
        given().auth().oauth2(admin.token()).header("If-Match", "\"nope\"").contentType(ContentType.JSON)
                .body(body("var_value", "b", "is_encrypted", false)).when().put(PATH + "/" + id).then().statusCode(412);
        given().auth().oauth2(admin.token()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(body("var_value", "b", "is_encrypted", true)).when().put(PATH + "/" + id).then().statusCode(200)
                .body("var_value", equalTo("********")).body("is_encrypted", equalTo(true));
        given().auth().oauth2(admin.token()).when().get(PATH + "/" + id + "/reveal").then().body("var_value", equalTo("b"));
        given().auth().oauth2(admin.token()).header("If-Match", etag).when().delete(PATH + "/" + id).then().statusCode(412);
        given().auth().oauth2(admin.token()).when().delete(PATH + "/" + id).then().statusCode(204);
    }

    /** The export, sourced by bash as the documented loader, gives back every value byte for byte. */
    @Test
    void theDotenvExportRoundTripsThroughTheShell() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(name(), "with spaces  and  two spaces ");
        values.put(name(), "quotes \"double\" and 'single' and it's");
        values.put(name(), "dollar $HOME and ${PATH} and $(id) and `id` and $");
        values.put(name(), "back\\slash, \\n is not a newline, \\\" and \\$ stay, trailing \\");
        values.put(name(), "line one\nline two\n\nline four");
        values.put(name(), "tab\tand carriage return\r and #not a comment = equals");
        values.put(name(), "ünïcødé ✓ 日本");
        values.put(name(), "");
        String encryptedName = name();
        values.put(encryptedName, "s3cr3t $value with \"quotes\" and \\ and\nnewline");
        String nullName = name();
        for (Map.Entry<String, String> variable : values.entrySet()) {
            create(admin, body("var_name", variable.getKey(), "var_value", variable.getValue(),
                    "is_encrypted", variable.getKey().equals(encryptedName))).statusCode(201);
        }
        create(admin, body("var_name", nullName, "var_value", null)).statusCode(201);
        values.put(nullName, "");

        String export;
        try (LogCapture log = LogCapture.start()) {
            export = given().auth().oauth2(admin.token()).when().get(PATH + "/export").then().statusCode(200)
                    .contentType(startsWith("text/plain")).extract().asString();
            assertTrue(log.text().contains("exported as dotenv to user " + admin.username()), log.text());
            assertFalse(log.text().contains("s3cr3t"), "the export's log lines carry no value");
        }
        assertTrue(export.contains(encryptedName + "=\"s3cr3t \\$value with \\\"quotes\\\" and \\\\ and\nnewline\""), export);

        Map<String, String> sourced = sourceWithBash(export, new ArrayList<>(values.keySet()));
        assertEquals(values, sourced);

        assertEquals("export", fixtures.value(
                "SELECT purpose FROM secret_reveals WHERE entry_key = ? ORDER BY id DESC LIMIT 1", "env_vars:" + encryptedName));
        assertEquals("0", fixtures.value("SELECT count(*) FROM secret_reveals WHERE entry_key = ?", "env_vars:" + nullName));
    }

    private static Map<String, String> sourceWithBash(String file, List<String> names) throws Exception {
        Path env = Files.createTempFile("animus-export", ".env");
        try {
            Files.writeString(env, file, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("env", "-i", "/bin/bash", "-c",
                    "set -a; . \"$1\" || exit 3; shift; for n in \"$@\"; do printf '%s\\0' \"${!n-UNSET}\"; done", "bash",
                    env.toString()));
            command.addAll(names);
            Process bash = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bash.getInputStream().transferTo(out);
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), "bash sourced the export");
            String[] read = out.toString(StandardCharsets.UTF_8).split("\0", -1);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), read[i]);
            }
            return values;
        } finally {
            Files.deleteIfExists(env);
        }
    }
}
