package io.animus.registry.hardening;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operations of the served OpenAPI document ({@code /q/openapi}), so that the hardening suites
 * cover every endpoint there is, including those added after the suites were written.
 */
final class OpenApiOperations {

    /** One operation: a method on a path template, with its parameters and request body schema. */
    record Operation(String method, String path, JsonNode definition, JsonNode document) {

        @Override
        public String toString() {
            return method + " " + path;
        }

        List<Parameter> parameters(String in) {
            List<Parameter> found = new ArrayList<>();
            for (JsonNode parameter : definition.path("parameters")) {
                if (in.equals(parameter.path("in").asText())) {
                    found.add(new Parameter(parameter.path("name").asText(), resolve(parameter.path("schema"))));
                }
            }
            return found;
        }

        boolean hasBody() {
            return definition.has("requestBody");
        }

        /** The media type of the body: the first the operation declares (a merge patch for PATCH), else JSON. */
        String mediaType() {
            Iterator<String> declared = definition.path("requestBody").path("content").fieldNames();
            return declared.hasNext() ? declared.next() : "application/json";
        }

        /** The JSON schema of the body, resolved; empty when the body is not JSON. */
        JsonNode bodySchema() {
            return resolve(definition.path("requestBody").path("content").path(mediaType()).path("schema"));
        }

        /** The body's top-level properties, each with its resolved schema, in document order. */
        Map<String, JsonNode> bodyProperties() {
            Map<String, JsonNode> properties = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = bodySchema().path("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                properties.put(field.getKey(), resolve(field.getValue()));
            }
            return properties;
        }

        List<String> requiredProperties() {
            List<String> required = new ArrayList<>();
            bodySchema().path("required").forEach(name -> required.add(name.asText()));
            return required;
        }

        /** Whether the operation honours {@code If-Match}, so that a stale tag refuses it after all other checks. */
        boolean takesIfMatch() {
            return parameters("header").stream().anyMatch(p -> p.name().equalsIgnoreCase("If-Match"));
        }

        /** The object schema that all the schemas of an {@code allOf} add up to: their properties and required fields. */
        private JsonNode merged(JsonNode allOf) {
            com.fasterxml.jackson.databind.node.ObjectNode merged = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            merged.put("type", "object");
            com.fasterxml.jackson.databind.node.ObjectNode properties = merged.putObject("properties");
            com.fasterxml.jackson.databind.node.ArrayNode required = merged.putArray("required");
            for (JsonNode member : allOf) {
                JsonNode schema = resolve(member);
                schema.path("properties").fields().forEachRemaining(field -> properties.set(field.getKey(), field.getValue()));
                schema.path("required").forEach(required::add);
            }
            return merged;
        }

        /** Follows {@code $ref} (and {@code allOf}) to the schema it names. */
        JsonNode resolve(JsonNode schema) {
            JsonNode current = schema;
            for (int i = 0; i < 10 && current != null; i++) {
                if (current.has("$ref")) {
                    String name = current.get("$ref").asText().replace("#/components/schemas/", "");
                    current = document.path("components").path("schemas").path(name);
                } else if (current.has("allOf") && current.get("allOf").size() == 1) {
                    current = current.get("allOf").get(0);
                } else if (current.has("allOf")) {
                    return merged(current.get("allOf"));
                } else {
                    return current;
                }
            }
            return current;
        }
    }

    /** A path, query or header parameter and its resolved schema. */
    record Parameter(String name, JsonNode schema) {
        String type() {
            return schema.path("type").asText("string");
        }
    }

    private OpenApiOperations() {
    }

    /** Every operation of the document served by the running registry, sorted by path and method. */
    static List<Operation> fetch() {
        try {
            String json = given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                    .then().statusCode(200).extract().asString();
            JsonNode document = new ObjectMapper().readTree(json);
            List<Operation> operations = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
                while (methods.hasNext()) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    String verb = method.getKey().toUpperCase(Locale.ROOT);
                    // /test/... are probes of the test sources (CurrentUserProbe), not part of the service
                    if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(verb) && !path.getKey().startsWith("/test/")) {
                        operations.add(new Operation(verb, path.getKey(), method.getValue(), document));
                    }
                }
            }
            operations.sort((a, b) -> a.toString().compareTo(b.toString()));
            if (operations.size() < 10) {
                throw new IllegalStateException("the OpenAPI document lists only " + operations.size() + " operations");
            }
            return operations;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
