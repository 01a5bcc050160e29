package io.animus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names accepted wherever ids are: a name becomes the id of the one item that carries it exactly. */
public final class Names {

    private Names() {
    }

    /**
     * The id {@code reference} means: all digits are an id; anything else is looked up in the collection
     * (narrowed by {@code filter} when the list has one) and must name exactly one item.
     */
    public static String resolve(Registry registry, String collection, String nameField, String filter, String reference, String noun) {
        if (reference.chars().allMatch(Character::isDigit) && !reference.isEmpty()) {
            return reference;
        }
        if (nameField == null) {
            throw new Failure(Exit.USAGE, "a " + noun + " is named by its id (a number), not \"" + reference + "\"");
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        if (filter != null) {
            filters.put(filter, reference);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : ResourceCommand.all(registry, collection, filters)) {
            if (reference.equals(item.path(nameField).asText(null))) {
                ids.add(item.path("id").asText());
            }
        }
        if (ids.isEmpty()) {
            throw new Failure(Exit.ERROR, "no " + noun + " has the " + nameField + " \"" + reference + "\": check it (the list command shows them)");
        }
        if (ids.size() > 1) {
            throw new Failure(Exit.USAGE, ids.size() + " " + noun + "s have the " + nameField + " \"" + reference + "\" (ids " + String.join(", ", ids)
                    + "): give the id");
        }
        return ids.get(0);
    }

    /** The id of an agent given by id or name. */
    public static String agent(Registry registry, String reference) {
        return resolve(registry, "agents", "name", "name", reference, "agent");
    }

    /** The id of a tool given by id or name. */
    public static String tool(Registry registry, String reference) {
        return resolve(registry, "tools", "name", null, reference, "tool");
    }
}
