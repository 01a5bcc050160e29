package io.animus.registry.state;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The keys of state entries among their kind: a single name as it is (a username in lower case, as
 * usernames are unique whatever their case), a compound one as a JSON array of its parts, so that no two
 * entries share a key whatever characters their names hold.
 */
final class StateKeys {

    private StateKeys() {
    }

    static String user(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    static String plugin(String tool, String name) {
        return compound(tool, name);
    }

    /**
     * A tool instance's key. A global tool may have several instances of one agent (or several master
     * instances) with the same name: they are told apart by their order (by id in the registry, by place in
     * the document), the second and later ones with their rank as a fourth part.
     */
    static String toolInstance(String tool, String agent, String name, int occurrence) {
        return occurrence == 1 ? compound(tool, agent, name) : compound(tool, agent, name, Integer.toString(occurrence));
    }

    /** The rank of a tool instance among those of the same tool, agent and name, from its key. */
    static int occurrence(String toolInstanceKey) {
        try {
            com.fasterxml.jackson.databind.JsonNode parts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(toolInstanceKey);
            return parts.size() > 3 ? Integer.parseInt(parts.get(3).asText()) : 1;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String configuration(String scope, String owner, String key) {
        return compound(scope, owner, key);
    }

    static String agentSetting(String agent, String key) {
        return compound(agent, key);
    }

    private static String compound(String... parts) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        Arrays.stream(parts).forEach(array::add);
        return array.toString();
    }
}
