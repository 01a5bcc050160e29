package io.animus.registry.state;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Free-form JSON (an agent's config, a tool's schema) in one form whatever parsed it: the database's
 * reader, the JSON or the YAML parser make different nodes of the same number ({@code 1} as an int or a
 * long), so that two equal values would compare unequal. Each is written and read back by one mapper.
 */
@ApplicationScoped
public class CanonicalJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    public JsonNode of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return mapper.readTree(mapper.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compact text of a node, for digests. */
    public String text(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
