package io.animus.registry.tool;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.web.ProblemException;

/** The compiled schemas kept by content: a schema checks as it did, and no two schemas are confused. */
class JsonSchemasTest {

    final ObjectMapper mapper = new ObjectMapper();
    final JsonSchemas schemas = new JsonSchemas();

    JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void aSchemaCheckedAgainGivesTheSameAnswer() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\",\"maximum\":65535}}}");
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> schemas.checkConfig(schema, json("{\"port\":8080}")));
            ProblemException refused = assertThrows(ProblemException.class, () -> schemas.checkConfig(schema, json("{\"port\":70000}")));
            assertEquals("config.port", refused.errors().get(0).field());
        }
    }

    @Test
    void schemasThatDifferInOneKeywordAreNotConfused() throws Exception {
        JsonNode lenient = json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\"}}}");
        JsonNode strict = json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\",\"maximum\":1024}}}");
        JsonNode config = json("{\"port\":8080}");
        assertEquals(List.of(), schemas.violations(lenient, config));
        assertEquals(List.of("config.port"), schemas.violations(strict, config));
        assertEquals(List.of(), schemas.violations(lenient, config));
    }

    @Test
    void aSchemaChangedAfterItWasCheckedIsCheckedAsItIsNow() throws Exception {
        ObjectNode schema = (ObjectNode) json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\"}}}");
        JsonNode config = json("{\"port\":8080}");
        assertEquals(List.of(), schemas.violations(schema, config));
        ((ObjectNode) schema.get("properties").get("port")).put("maximum", 1024);
        assertEquals(List.of("config.port"), schemas.violations(schema, config));
    }

    @Test
    void noMoreThanTheKeptNumberOfSchemasIsKeptAndAnEvictedOneIsCompiledAgain() throws Exception {
        JsonNode config = json("{\"port\":8080}");
        for (int i = 0; i <= JsonSchemas.COMPILED_KEPT; i++) {
            JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\",\"maximum\":" + (1000 + i) + "}}}");
            assertEquals(List.of("config.port"), schemas.violations(schema, config));
        }
        JsonNode first = json("{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\",\"maximum\":1000}}}");
        assertEquals(List.of("config.port"), schemas.violations(first, config));
        assertEquals(JsonSchemas.COMPILED_KEPT, schemas.compiledCount());
    }
}
