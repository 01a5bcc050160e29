package io.animus.registry.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.animus.registry.state.StatePlan.Action;
import io.animus.registry.state.StatePlan.FieldChange;
import io.animus.registry.web.ProblemException;

/**
 * The rule that turns a registry's state and a document into a plan: each declared entry that does not
 * exist is created, each that differs in a field is updated, and each entry the document leaves out is
 * deleted only when {@code prune} is asked (users never are: an account is deactivated by an admin,
 * not by a file). A secret compares equal when the document keeps it or gives the same plaintext.
 * Every name the document refers to must exist once the plan is applied.
 */
public final class StatePlanner {

    /** A planned change with the entries on both sides, for the apply. */
    public record Planned(StatePlan.Change change, StateItem current, StateItem desired) {
    }

    /** The plan and the number of declared entries left as they are. */
    public record Result(List<Planned> changes, int unchanged) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StatePlanner() {
    }

    /**
     * @param openSecret the plaintext of a stored encrypted value, to compare it with a new one
     */
    public static Result plan(List<StateItem> current, List<StateItem> desired, boolean prune, Function<StateItem, String> openSecret) {
        Map<String, StateItem> currentById = new LinkedHashMap<>();
        current.forEach(item -> currentById.put(item.id(), item));
        Set<String> desiredIds = new HashSet<>();
        desired.forEach(item -> desiredIds.add(item.id()));
        checkReferences(current, desired, prune);
        List<Planned> changes = new ArrayList<>();
        int unchanged = 0;
        for (StateItem wanted : desired) {
            StateItem existing = currentById.get(wanted.id());
            List<FieldChange> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> declared = wanted.fields().fields();
            while (declared.hasNext()) {
                Map.Entry<String, JsonNode> field = declared.next();
                JsonNode to = field.getValue();
                JsonNode from = existing == null ? null : existing.fields().get(field.getKey());
                if (SecretValue.isKeep(to) && (from == null || !SecretValue.isSecret(from))) {
                    throw ProblemException.invalid(field.getKey(), wanted.kind().label() + " " + wanted.key()
                            + " keeps a secret ({secret: keep}) that is not stored: give the secret itself");
                }
                if (existing == null || !same(from, to, existing, openSecret)) {
                    fields.add(new FieldChange(field.getKey(), existing == null ? null : shown(from, true), shown(to, false)));
                }
            }
            if (existing == null) {
                changes.add(new Planned(new StatePlan.Change(wanted.kind(), wanted.key(), Action.CREATE, fields), null, wanted));
            } else if (!fields.isEmpty()) {
                changes.add(new Planned(new StatePlan.Change(wanted.kind(), wanted.key(), Action.UPDATE, fields), existing, wanted));
            } else {
                unchanged++;
            }
        }
        if (prune) {
            for (StateItem existing : current) {
                if (existing.kind() != Kind.USER && !desiredIds.contains(existing.id())) {
                    changes.add(new Planned(new StatePlan.Change(existing.kind(), existing.key(), Action.DELETE, List.of()), existing, null));
                }
            }
        }
        return new Result(changes, unchanged);
    }

    private static boolean same(JsonNode from, JsonNode to, StateItem existing, Function<StateItem, String> openSecret) {
        if (SecretValue.isSecret(to)) {
            if (!SecretValue.isSecret(from)) {
                return false;
            }
            return SecretValue.isKeep(to) || Objects.equals(openSecret.apply(existing), SecretValue.plaintext("value", to));
        }
        return !SecretValue.isSecret(from) && Objects.equals(from == null ? JSON.nullNode() : from, to);
    }

    private static JsonNode shown(JsonNode value, boolean fromStore) {
        return value == null ? JSON.nullNode() : SecretValue.shown(value, fromStore);
    }

    /** 422 for a name the document refers to that will not exist: a user, agent or tool it neither declares nor keeps. */
    private static void checkReferences(List<StateItem> current, List<StateItem> desired, boolean prune) {
        Map<Kind, Set<String>> present = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            present.put(kind, new HashSet<>());
        }
        desired.forEach(item -> present.get(item.kind()).add(item.key()));
        current.stream().filter(item -> !prune || item.kind() == Kind.USER).forEach(item -> present.get(item.kind()).add(item.key()));
        for (StateItem item : desired) {
            switch (item.kind()) {
                case AGENT -> {
                    JsonNode users = item.fields().get("visible_to_users");
                    if (users != null && users.isArray()) {
                        for (JsonNode user : users) {
                            require(present, Kind.USER, StateKeys.user(user.asText()), item, "visible_to_users", user.asText());
                        }
                    }
                }
                case TOOL_INSTANCE -> {
                    require(present, Kind.TOOL, item.text("tool"), item, "tool", item.text("tool"));
                    if (item.text("agent") != null) {
                        require(present, Kind.AGENT, item.text("agent"), item, "agent", item.text("agent"));
                    }
                }
                case CONFIGURATION -> {
                    String owner = item.text("owner");
                    switch (item.text("scope")) {
                        case "agent" -> require(present, Kind.AGENT, owner, item, "owner", owner);
                        case "tool" -> require(present, Kind.TOOL, owner, item, "owner", owner);
                        case "user" -> require(present, Kind.USER, StateKeys.user(owner), item, "owner", owner);
                        default -> {
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void require(Map<Kind, Set<String>> present, Kind kind, String key, StateItem item, String field, String name) {
        if (!present.get(kind).contains(key)) {
            throw ProblemException.invalid(field, item.kind().label() + " " + item.key() + " refers to " + kind.label() + " '" + name
                    + "', which " + (kind == Kind.USER ? "neither the document nor the registry has" : "the document does not declare"
                            + " and the registry " + "will not have"));
        }
    }
}
