package io.animus.registry.version;

import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool instance whose config does not satisfy a tool's new {@code config_schema}: its id and the
 * paths of the failing fields (never their values), so that an upgrade can say what to fix.
 */
@RegisterForReflection
public record InvalidInstance(int instanceId, List<String> fields) {

    /** {@code invalid} as the JSON that {@code tool_versions.invalid_instances} holds. */
    public static ArrayNode toJson(List<InvalidInstance> invalid) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (InvalidInstance instance : invalid) {
            ObjectNode item = array.addObject();
            item.put("instance_id", instance.instanceId());
            instance.fields().forEach(item.putArray("fields")::add);
        }
        return array;
    }

    /** The instances that {@code tool_versions.invalid_instances} holds; none for NULL. */
    public static List<InvalidInstance> fromJson(JsonNode stored) {
        if (stored == null || !stored.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(stored.spliterator(), false)
                .map(item -> new InvalidInstance(item.path("instance_id").asInt(),
                        StreamSupport.stream(item.path("fields").spliterator(), false).map(JsonNode::asText).toList()))
                .toList();
    }
}
