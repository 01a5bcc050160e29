package io.animus.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A plan of the registry's state as a reader reviews it: {@code +} an entry created (with its fields),
 * {@code ~} changed (each field from → to), {@code -} deleted, then the counts. Secrets show as
 * {@code (secret)}, as the registry never sends them.
 */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static void print(PrintWriter out, JsonNode plan) {
        for (JsonNode change : plan.path("changes")) {
            String action = change.path("action").asText();
            String sign = switch (action) {
                case "create" -> "+";
                case "delete" -> "-";
                default -> "~";
            };
            out.println(sign + " " + change.path("kind").asText() + " " + change.path("key").asText());
            for (JsonNode field : change.path("fields")) {
                String name = field.path("field").asText();
                if (action.equals("create")) {
                    if (!field.path("to").isNull()) {
                        out.println("    " + name + ": " + shown(field.path("to")));
                    }
                } else {
                    out.println("    " + name + ": " + shown(field.path("from")) + " → " + shown(field.path("to")));
                }
            }
        }
        JsonNode summary = plan.path("summary");
        out.println("Plan: " + summary.path("create").asInt() + " to create, " + summary.path("update").asInt() + " to change, "
                + summary.path("delete").asInt() + " to delete (" + summary.path("unchanged").asInt() + " unchanged)"
                + (plan.path("prune").asBoolean() ? "" : "; entries the document leaves out are kept (--prune deletes them)") + ".");
        out.flush();
    }

    static boolean isEmpty(JsonNode plan) {
        return plan.path("changes").isEmpty();
    }

    private static String shown(JsonNode value) {
        if (value.isObject() && value.has("secret")) {
            return "(secret" + ("new".equals(value.get("secret").asText()) ? ", new" : "") + ")";
        }
        return value.isMissingNode() ? "null" : value.toString();
    }
}
