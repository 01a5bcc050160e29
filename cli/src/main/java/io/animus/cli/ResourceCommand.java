package io.animus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A resource of the API as a command with {@code list|get|create|update|delete}; each resource says
 * where it lives, which field names it, and which field holds a secret.
 */
@Command(subcommands = { ListCommand.class, GetCommand.class, CreateCommand.class, UpdateCommand.class, DeleteCommand.class })
public abstract class ResourceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** The path of the collection under {@code /api/v1/}. */
    abstract String collection(Registry registry);

    /** One word for messages: {@code agent}, {@code tool}. */
    abstract String noun();

    /** The field whose value names an item (accepted wherever an id is), or null when only ids are. */
    String nameField() {
        return "name";
    }

    /** The list's query parameter that narrows it by name, or null when the whole list is read. */
    String nameFilter() {
        return null;
    }

    /** The field that may hold a secret ({@code --secret} reads it), or null. */
    String secretField() {
        return null;
    }

    /** Whether the secret field is always a secret (a password), not only when {@code is_encrypted} is true. */
    boolean alwaysSecret() {
        return false;
    }

    /** Where a new item is posted. */
    String createPath(Registry registry) {
        return collection(registry);
    }

    /** Adds to a new item's body what this resource's own options give (the agent of an agent setting). */
    void completeCreate(Registry registry, ObjectNode body) {
    }

    /** The filters of {@code list} that this resource's own options give. */
    Map<String, Object> listFilters(Registry registry) {
        return new LinkedHashMap<>();
    }

    /** The path of one item. */
    String itemPath(Registry registry, String id) {
        return collection(registry) + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** The id of the item {@code reference} names: an id as it is, a name through the list. */
    String id(Registry registry, String reference) {
        return Names.resolve(registry, collection(registry), nameField(), nameFilter(), reference, noun());
    }

    /** Every item of the collection that matches the filters, all pages read. */
    static ArrayNode all(Registry registry, String collection, Map<String, Object> filters) {
        ArrayNode items = Output.JSON.createArrayNode();
        for (int page = 0;; page++) {
            Map<String, Object> query = new LinkedHashMap<>(filters);
            query.put("page", page);
            query.put("size", 100);
            JsonNode body = registry.get(collection + Registry.query(query)).body();
            if (body == null) {
                return items;
            }
            if (body.isArray()) {
                return items.addAll((ArrayNode) body);
            }
            JsonNode found = body.path("items");
            found.forEach(items::add);
            if (found.size() == 0 || items.size() >= body.path("total").asLong(0)) {
                return items;
            }
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(Animus.of(spec).terminal().out());
    }
}
