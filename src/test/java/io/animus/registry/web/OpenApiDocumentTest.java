package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The served OpenAPI document is one a generated client can trust: every operation (those added
 * later too) has a unique operationId, a summary and a described tag, declares its security, documents
 * its refusals as problems and its creations with a {@code Location}, and no two paths can match the
 * same URL.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]*");
    /** The only operations that a caller without credentials may call: making one public is a decision taken here. */
    private static final Set<String> PUBLIC = Set.of("login", "refreshTokens", "logout");

    @Test
    void theDocumentListsEndpointsBodiesAndProblemResponses() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("paths", hasKey("/api/v1/agents/{id}"))
                .body("paths", hasKey("/api/v1/tools/{toolId}/plugins"))
                .body("paths", hasKey("/api/v1/tool-instances/{id}"))
                .body("components.schemas", hasKey("AgentRequest"))
                .body("components.schemas", hasKey("Problem"))
                .body("paths.'/api/v1/agents'.post.responses.'422'.'$ref'", equalTo("#/components/responses/UnprocessableContent"))
                .body("components.responses.UnprocessableContent.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/agents/{id}'.put.responses.'412'.'$ref'", equalTo("#/components/responses/PreconditionFailed"))
                .body("paths.'/api/v1/agents/{id}'.get.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("paths.'/api/v1/agents/{id}'.get.responses", not(hasKey("422")))
                .body("components.responses.Unauthorized.description", notNullValue());
    }

    @Test
    void theBatchAcknowledgementIsDocumentedWithItsBodyAndRefusals() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/chat/broca/ack'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/BatchAcknowledgeRequest"))
                .body("components.schemas.BatchAcknowledgeRequest.properties", hasKey("claim_token"))
                .body("components.schemas.BatchAcknowledgeRequest.properties", hasKey("messages"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/AcknowledgedBatch"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'404'.'$ref'", equalTo("#/components/responses/NotFound"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'409'.'$ref'", equalTo("#/components/responses/Conflict"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'422'.'$ref'", equalTo("#/components/responses/UnprocessableContent"));
    }

    @Test
    void theDocumentSaysWhereItIsServedUnderWhichLicenseAndHowCallersAuthenticate() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("servers[0].url", equalTo("/"))
                .body("info.license.name", notNullValue())
                .body("info.license.url", notNullValue())
                .body("components.securitySchemes.Bearer.type", equalTo("http"))
                .body("components.securitySchemes.Bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.ApiKey.type", equalTo("apiKey"))
                .body("components.securitySchemes.ApiKey.in", equalTo("header"))
                .body("components.securitySchemes.ApiKey.name", equalTo("X-Api-Key"))
                .body("components.securitySchemes.ApiKeyAuthorization.name", equalTo("Authorization"))
                .body("paths.'/api/v1/chat/broca/claim'.post.security[0]", hasKey("ApiKey"))
                .body("paths.'/api/v1/chat/broca/claim'.post.security[1]", hasKey("ApiKeyAuthorization"))
                .body("paths.'/api/v1/delivery/configuration'.get.security[0]", hasKey("ApiKey"))
                .body("paths.'/api/v1/agents'.get.security[0]", hasKey("Bearer"));
    }

    @Test
    void everyOperationHasAUniqueOperationIdASummaryAndADescribedTag() {
        JsonNode document = document();
        Set<String> describedTags = new TreeSet<>();
        document.path("tags").forEach(tag -> {
            if (!tag.path("description").asText("").isBlank()) {
                describedTags.add(tag.path("name").asText());
            }
        });
        Map<String, String> ids = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        forEachOperation(document, (where, operation) -> {
            String id = operation.path("operationId").asText("");
            if (!OPERATION_ID.matcher(id).matches()) {
                wrong.add(where + ": operationId '" + id + "' is not lowerCamelCase");
            } else if (ids.containsKey(id)) {
                wrong.add(where + ": operationId " + id + " is also " + ids.get(id));
            }
            ids.put(id, where);
            if (operation.path("summary").asText("").isBlank()) {
                wrong.add(where + ": no summary");
            }
            if (operation.path("tags").isEmpty()) {
                wrong.add(where + ": no tag");
            }
            operation.path("tags").forEach(tag -> {
                if (!describedTags.contains(tag.asText())) {
                    wrong.add(where + ": tag '" + tag.asText() + "' has no description at the top of the document");
                }
            });
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(ids.size() > 60, "too few operations to mean anything: " + ids.size());
    }

    @Test
    void everyOperationDeclaresItsSecurityAndOnlySignInIsPublic() {
        JsonNode document = document();
        Set<String> schemes = new TreeSet<>();
        document.path("components").path("securitySchemes").fieldNames().forEachRemaining(schemes::add);
        assertEquals(Set.of("ApiKey", "ApiKeyAuthorization", "Bearer"), schemes);
        assertFalse(document.has("security"), "security is declared per operation, not for the whole document");
        Set<String> open = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        forEachOperation(document, (where, operation) -> {
            if (!operation.has("security")) {
                wrong.add(where + ": no security declared");
                return;
            }
            for (JsonNode requirement : operation.path("security")) {
                if (requirement.isEmpty()) {
                    open.add(operation.path("operationId").asText());
                }
                requirement.fieldNames().forEachRemaining(scheme -> {
                    if (!schemes.contains(scheme)) {
                        wrong.add(where + ": security names the undefined scheme " + scheme);
                    }
                });
            }
            if (operation.path("security").isEmpty()) {
                open.add(operation.path("operationId").asText());
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(new TreeSet<>(PUBLIC), open, "the operations that need no credentials");
    }

    @Test
    void refusalsAreProblemsAndCreationsSayWhereTheNewResourceIs() {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        forEachOperation(document, (where, operation) -> {
            Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields();
            while (responses.hasNext()) {
                Map.Entry<String, JsonNode> response = responses.next();
                JsonNode answer = resolve(document, response.getValue());
                int status = Integer.parseInt(response.getKey());
                if (status >= 400) {
                    JsonNode schema = answer.path("content").path(Problem.MEDIA_TYPE).path("schema");
                    if (!schema.path("$ref").asText().equals("#/components/schemas/Problem") || answer.path("content").size() != 1) {
                        wrong.add(where + " " + status + ": not documented as an application/problem+json Problem");
                    }
                }
                if (status == 201 && !answer.path("headers").has("Location")) {
                    wrong.add(where + " 201: no Location header");
                }
                if (status == 200 && where.startsWith("POST") && operation.path("operationId").asText().startsWith("create")) {
                    wrong.add(where + ": a creation answers 201, not 200");
                }
            }
            if (where.startsWith("DELETE") && !operation.path("responses").has("204")) {
                wrong.add(where + ": a deletion answers 204");
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void noTwoPathsCanMatchTheSameAddress() {
        List<String> paths = new ArrayList<>();
        document().path("paths").fieldNames().forEachRemaining(paths::add);
        List<String> ambiguous = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (ambiguous(paths.get(i), paths.get(j))) {
                    ambiguous.add(paths.get(i) + " and " + paths.get(j));
                }
            }
        }
        assertTrue(ambiguous.isEmpty(), "ambiguous paths: " + ambiguous);
        assertTrue(ambiguous("/a/by-uid/{uid}", "/a/{id}/events"), "the rule itself finds an ambiguity");
        assertTrue(ambiguous("/a/{id}", "/a/{name}"), "the rule itself finds paths that differ only by a parameter's name");
        assertFalse(ambiguous("/a/me", "/a/{id}"), "a fixed segment takes precedence over a parameter");
        assertFalse(ambiguous("/a/me/password", "/a/{id}/sessions"), "different fixed segments never match one address");
    }

    /**
     * Whether two path templates can match one address, as Redocly's {@code no-ambiguous-paths} reads
     * them: as many segments, the same fixed segment wherever both are fixed, and as many parameters
     * (with fewer, the one with more fixed segments takes precedence).
     */
    static boolean ambiguous(String a, String b) {
        String[] left = a.split("/");
        String[] right = b.split("/");
        if (left.length != right.length || a.equals(b)) {
            return false;
        }
        int leftParameters = 0;
        int rightParameters = 0;
        for (int i = 0; i < left.length; i++) {
            boolean leftParameter = left[i].startsWith("{");
            boolean rightParameter = right[i].startsWith("{");
            leftParameters += leftParameter ? 1 : 0;
            rightParameters += rightParameter ? 1 : 0;
            if (!leftParameter && !rightParameter && !left[i].equals(right[i])) {
                return false;
            }
        }
        return leftParameters == rightParameters;
    }

    private static JsonNode document() {
        try {
            return new ObjectMapper().readTree(given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void forEachOperation(JsonNode document, BiConsumer<String, JsonNode> check) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (METHODS.contains(method.getKey())) {
                    check.accept(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), method.getValue());
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode response) {
        String ref = response.path("$ref").asText("");
        return ref.startsWith("#/components/responses/")
                ? document.path("components").path("responses").path(ref.substring("#/components/responses/".length()))
                : response;
    }
}
