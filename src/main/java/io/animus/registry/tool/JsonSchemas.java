package io.animus.registry.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * JSON Schema checks of the registry, by the networknt validator: that a tool's {@code config_schema}
 * is itself a valid schema, and that an instance's {@code config} satisfies its tool's schema.
 * Schemas without {@code $schema} are read as draft 2020-12; the meta-schemas ship with the
 * validator, so nothing is fetched over the network.
 */
@ApplicationScoped
public class JsonSchemas {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    /**
     * The tools' schemas as the validator compiled them, by content, the least recently used dropped
     * beyond {@link #COMPILED_KEPT}: checking an instance's config compiles its tool's schema once,
     * not at every check (a compiled schema is safe to share between threads).
     */
    private final Map<JsonNode, Schema> compiled = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonNode, Schema> eldest) {
            return size() > COMPILED_KEPT;
        }
    };

    static final int COMPILED_KEPT = 256;

    /** Rejects, with the validator's messages, a {@code config_schema} that is not a valid JSON Schema. */
    public void checkSchema(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return;
        }
        if (!schema.isObject() && !schema.isBoolean()) {
            throw ProblemException.invalid("config_schema", "must be a JSON Schema: an object or a boolean");
        }
        List<Error> errors = metaSchema.validate(schema);
        if (!errors.isEmpty()) {
            throw invalid("config_schema is not a valid JSON Schema", toFieldErrors("config_schema", errors));
        }
        try {
            registry.getSchema(schema).initializeValidators();
        } catch (SchemaException e) {
            throw ProblemException.invalid("config_schema", "is not a usable JSON Schema: " + e.getMessage());
        }
    }

    /**
     * Rejects a {@code config} that breaks {@code schema}, naming each violation's JSON path. An
     * instance without a config (not configured yet, as discovery creates them) is not checked.
     */
    public void checkConfig(JsonNode schema, JsonNode config) {
        if (schema == null || schema.isNull() || config == null || config.isNull()) {
            return;
        }
        List<Error> errors = compiled(schema).validate(config);
        if (!errors.isEmpty()) {
            throw invalid("config does not satisfy the tool's config_schema", toFieldErrors("config", errors));
        }
    }

    /**
     * Rejects a {@code value} that breaks {@code schema} with 422, each violation named by its path under
     * {@code root}: the check of documents other than an instance's config (a state document).
     */
    public void check(String root, String summary, JsonNode schema, JsonNode value) {
        List<Error> errors = compiled(schema).validate(value);
        if (!errors.isEmpty()) {
            throw invalid(summary, toFieldErrors(root, errors));
        }
    }

    /**
     * The paths of the fields of {@code config} that break {@code schema} ({@code config.port}), none
     * when it satisfies it or either is absent; never the values.
     */
    public List<String> violations(JsonNode schema, JsonNode config) {
        if (schema == null || schema.isNull() || config == null || config.isNull()) {
            return List.of();
        }
        return toFieldErrors("config", compiled(schema).validate(config)).stream()
                .map(Problem.FieldError::field).distinct().toList();
    }

    private Schema compiled(JsonNode schema) {
        synchronized (compiled) {
            Schema known = compiled.get(schema);
            if (known != null) {
                return known;
            }
        }
        Schema made = registry.getSchema(schema);
        made.initializeValidators();
        synchronized (compiled) {
            compiled.put(schema.deepCopy(), made);
        }
        return made;
    }

    /** How many compiled schemas are kept now. */
    int compiledCount() {
        synchronized (compiled) {
            return compiled.size();
        }
    }

    private static ProblemException invalid(String summary, List<Problem.FieldError> errors) {
        Problem.FieldError first = errors.get(0);
        return ProblemException.invalid(summary + ": " + first.field() + " " + first.message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
    }

    private static List<Problem.FieldError> toFieldErrors(String root, List<Error> errors) {
        return errors.stream()
                .map(error -> new Problem.FieldError(root + jsonPath(error), error.getMessage()))
                .toList();
    }

    /** The validator's instance location, a JSON Pointer ({@code /hosts/1}), as a path under the request field ({@code .hosts[1]}). */
    private static String jsonPath(Error error) {
        String pointer = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            path.append(name.chars().allMatch(Character::isDigit) ? "[" + name + "]" : "." + name);
        }
        return path.toString();
    }
}
