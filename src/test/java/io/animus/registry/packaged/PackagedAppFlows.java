package io.animus.registry.packaged;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.testing.PackagedAppSettings;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;

/**
 * The key flows of the registry against a packaged application as it runs in production, over
 * HTTP on RestAssured's port, on a real PostgreSQL: the first admin has
 * {@link PackagedAppSettings#ADMIN_PASSWORD} and the Animus home holds the tool {@code mcp-packaged}.
 * The fast-jar, AOT jar or native binary ({@link PackagedAppIT}) and each container image
 * ({@code io.animus.registry.images}) run them.
 */
public abstract class PackagedAppFlows {

    protected String admin;

    @BeforeEach
    public void login() {
        admin = "Bearer " + given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", PackagedAppSettings.ADMIN_PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200)
                .body("token_type", equalTo("Bearer")).body("refresh_token", notNullValue())
                .extract().path("access_token");
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    public void theConsoleRendersItsFirstPageAndSignsIn() {
        CookieFilter cookies = new CookieFilter();
        String page = given().filter(cookies).get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("Sign in to the Animus Registry")).extract().asString();
        String token = page.replaceAll("(?s).*name=\"csrf-token\" value=\"([^\"]+)\".*", "$1");
        given().filter(cookies).redirects().follow(false).contentType(ContentType.URLENC)
                .formParams(Map.of("csrf-token", token, "username", "admin", "password", PackagedAppSettings.ADMIN_PASSWORD))
                .post("/sign-in").then().statusCode(303);
        given().filter(cookies).get("/agents").then().statusCode(200).body(containsString("<span class=\"who\">admin <span class=\"role\">(admin)</span>"));
        given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
    }

    @Test
    public void healthAndDocumentsAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body("paths", notNullValue());
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    /**
     * The packaged application serves the checked-in document (src/main/resources/openapi/), byte for byte: the
     * one .ci/run lints and compares with what the openapi profile generates.
     */
    @Test
    public void theServedOpenApiDocumentIsTheCheckedInOne() throws java.io.IOException {
        Path stored = Path.of("src", "main", "resources", "openapi");
        byte[] yaml = given().get("/q/openapi").then().statusCode(200)
                .header("Content-Type", equalTo("application/yaml;charset=UTF-8")).extract().asByteArray();
        byte[] json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .header("Content-Type", equalTo("application/json;charset=UTF-8")).extract().asByteArray();
        assertArrayEquals(Files.readAllBytes(stored.resolve("openapi.yaml")), yaml, "the packaged application serves openapi.yaml");
        assertArrayEquals(Files.readAllBytes(stored.resolve("openapi.json")), json, "the packaged application serves openapi.json");
    }

    @Test
    public void agentsAreCreatedReadAndProtectedAgainstLostUpdates() {
        String uid = unique("letta");
        int id = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "name", unique("Athena"), "config", Map.of("model", "letta")))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");
        String etag = given().header("Authorization", admin).get("/api/v1/agents/" + id).then().statusCode(200)
                .body("letta_uid", equalTo(uid)).body("config.model", equalTo("letta")).extract().header("ETag");
        given().header("Authorization", admin).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "description", "one")).put("/api/v1/agents/" + id).then().statusCode(200);
        given().header("Authorization", admin).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "description", "two")).put("/api/v1/agents/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        given().header("Authorization", admin).get("/api/v1/agents/" + id).then().body("description", equalTo("one"));
        given().get("/api/v1/agents/" + id).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    public void toolRulesHold() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("port", Map.of("type", "integer")));
        int tool = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("name", unique("mcp"), "module_scope", "agent", "config_schema", schema))
                .post("/api/v1/tools").then().statusCode(201).extract().path("id");
        int agent = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", unique("letta"))).post("/api/v1/agents").then().statusCode(201).extract().path("id");
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("agent_id", agent, "config", Map.of("port", "eighty")))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(422).body("errors.field", hasItem("config.port"));
        given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201).body("module_scope", equalTo("agent"));
        given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(409);
        given().header("Authorization", admin).contentType(ContentType.JSON).body(Map.of("name", "a", "dependencies", List.of("a")))
                .post("/api/v1/tools/" + tool + "/plugins").then().statusCode(422);
        given().header("Authorization", admin).contentType(ContentType.JSON).body("{\"name\": ")
                .post("/api/v1/tools").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    public void secretsAreMaskedAndDiscoveryRuns() {
        String key = unique("smtp.password");
        given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("config_key", key, "config_value", "s3cret-value", "is_encrypted", true))
                .post("/api/v1/system-config").then().statusCode(201);
        given().header("Authorization", admin).get("/api/v1/system-config/" + key).then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("s3cret-value")));
        given().header("Authorization", admin).post("/api/v1/discovery/scan").then().statusCode(200);
        given().header("Authorization", admin).queryParam("name", "mcp-packaged").get("/api/v1/tools").then().statusCode(200);
    }
}
