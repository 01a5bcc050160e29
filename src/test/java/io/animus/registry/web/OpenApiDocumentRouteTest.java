package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * {@code /q/openapi} answers with the checked-in document ({@code src/main/resources/openapi/}), byte for
 * byte, as Quarkus's SmallRye OpenAPI extension answered before the registry served it itself: YAML by
 * default, JSON when asked by {@code ?format=json}, {@code Accept} or the {@code .json} path, YAML for any
 * other format; {@code OPTIONS} names the methods; no credentials are needed.
 */
@QuarkusTest
class OpenApiDocumentRouteTest {

    private static final String YAML = "application/yaml;charset=UTF-8";
    private static final String JSON = "application/json;charset=UTF-8";

    private static byte[] checkedIn(String name) throws IOException {
        return Files.readAllBytes(Path.of("src", "main", "resources", "openapi", name));
    }

    private static void answers(RequestSpecification request, String path, String contentType, String document) throws IOException {
        Response response = request.get(path);
        response.then().statusCode(200).header("Content-Type", equalTo(contentType))
                .header("Content-Length", equalTo(String.valueOf(checkedIn(document).length)));
        assertArrayEquals(checkedIn(document), response.asByteArray(), path + " answers " + document + " as checked in");
    }

    @Test
    void theDocumentIsYamlByDefaultAndJsonWhenAskedFor() throws IOException {
        answers(given(), "/q/openapi", YAML, "openapi.yaml");
        answers(given().queryParam("format", "json"), "/q/openapi", JSON, "openapi.json");
        answers(given().queryParam("format", "JSON"), "/q/openapi", JSON, "openapi.json");
        answers(given().accept("application/json"), "/q/openapi", JSON, "openapi.json");
        answers(given().accept("text/html, application/json;q=0.1"), "/q/openapi", JSON, "openapi.json");
        answers(given(), "/q/openapi.json", JSON, "openapi.json");
        answers(given(), "/q/openapi.yaml", YAML, "openapi.yaml");
        answers(given(), "/q/openapi.yml", YAML, "openapi.yaml");
        answers(given().queryParam("format", "json"), "/q/openapi.yaml", YAML, "openapi.yaml");
        answers(given().queryParam("format", "yaml"), "/q/openapi.json", JSON, "openapi.json");
    }

    @Test
    void anUnknownFormatOrAcceptGetsYamlAsBefore() throws IOException {
        answers(given().queryParam("format", "xml"), "/q/openapi", YAML, "openapi.yaml");
        answers(given().queryParam("format", ""), "/q/openapi", YAML, "openapi.yaml");
        answers(given().queryParam("format", "yaml"), "/q/openapi", YAML, "openapi.yaml");
        answers(given().accept("text/html"), "/q/openapi", YAML, "openapi.yaml");
        answers(given().accept("application/yaml"), "/q/openapi", YAML, "openapi.yaml");
        // the first format given is the one read
        answers(given().queryParam("format", "xml", "json"), "/q/openapi", YAML, "openapi.yaml");
        given().get("/q/openapi/more").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theYamlAndJsonDocumentsAreOneDocument() throws IOException {
        JsonNode yaml = new YAMLMapper().readTree(checkedIn("openapi.yaml"));
        JsonNode json = new ObjectMapper().readTree(checkedIn("openapi.json"));
        assertEquals(json, yaml, "openapi.yaml and openapi.json say the same");
        assertEquals("3.0.3", json.path("openapi").asText());
        assertTrue(json.path("paths").has("/api/v1/agents"), "the document lists the API");
        json.path("paths").fieldNames().forEachRemaining(path -> assertFalse(path.startsWith("/q/"), path));
    }

    @Test
    void theDocumentNeedsNoCredentialsAndAnswersHeadAndOptions() throws IOException {
        answers(given().header("Authorization", "Bearer not-a-token"), "/q/openapi", YAML, "openapi.yaml");
        answers(given().header("X-Api-Key", "not-a-key"), "/q/openapi", YAML, "openapi.yaml");
        given().head("/q/openapi").then().statusCode(200).header("Content-Type", equalTo(YAML)).body(emptyString());
        given().queryParam("format", "json").head("/q/openapi").then().statusCode(200).header("Content-Type", equalTo(JSON));
        Response options = given().options("/q/openapi");
        options.then().statusCode(200).body(emptyString());
        assertTrue(options.headers().getValues("Allow").contains("GET, HEAD, OPTIONS"), "Allow: " + options.headers().getValues("Allow"));
    }
}
