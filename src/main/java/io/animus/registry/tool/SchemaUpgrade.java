package io.animus.registry.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.version.InvalidInstance;

/**
 * The rule of a tool's new {@code config_schema}: it is taken, and the instances whose configs it no
 * longer accepts are named, never changed. The API and discovery both ask it.
 */
@ApplicationScoped
public class SchemaUpgrade {

    @Inject
    JsonSchemas schemas;

    /** The instances (by id, in order) whose config {@code schema} rejects; an instance without a config is not checked. */
    public List<InvalidInstance> invalidInstances(JsonNode schema, Map<Integer, JsonNode> configsByInstance) {
        List<InvalidInstance> invalid = new ArrayList<>();
        new TreeMap<>(configsByInstance).forEach((instance, config) -> {
            List<String> fields = schemas.violations(schema, config);
            if (!fields.isEmpty()) {
                invalid.add(new InvalidInstance(instance, fields));
            }
        });
        return invalid;
    }

    /** The ids of {@code invalid}, as a sentence names them: {@code 3, 7}. */
    public static String ids(List<InvalidInstance> invalid) {
        return String.join(", ", invalid.stream().map(instance -> String.valueOf(instance.instanceId())).toList());
    }
}
