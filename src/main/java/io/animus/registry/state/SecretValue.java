package io.animus.registry.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.web.ProblemException;

/**
 * The forms a value takes in a state document: text or null in the clear; {@code {secret: keep}} for the
 * secret that is stored; {@code {secret: {value: ...}}} for a new secret, as the command line sends it once
 * it has resolved {@code {secret: {env: NAME}}} or {@code {secret: {file: PATH}}}, which the registry itself
 * never reads (it has no business with the caller's environment or files).
 */
public final class SecretValue {

    private SecretValue() {
    }

    /** The value an export writes for an encrypted entry. */
    public static ObjectNode keep() {
        return JsonNodeFactory.instance.objectNode().put("secret", "keep");
    }

    public static boolean isSecret(JsonNode value) {
        return value != null && value.isObject() && value.has("secret");
    }

    public static boolean isKeep(JsonNode value) {
        return isSecret(value) && value.get("secret").isTextual() && "keep".equals(value.get("secret").textValue());
    }

    /** The plaintext of a new secret; 422 for a secret the command line should have resolved. */
    public static String plaintext(String field, JsonNode value) {
        JsonNode secret = value.get("secret");
        if (secret.isObject() && secret.has("value") && secret.get("value").isTextual()) {
            return secret.get("value").textValue();
        }
        throw ProblemException.invalid(field, "is a secret to resolve from an environment variable or a file:"
                + " apply the document with the command line (animus state apply), which resolves it");
    }

    /** What a plan shows of a value: never a secret's plaintext. */
    public static JsonNode shown(JsonNode value, boolean fromStore) {
        if (!isSecret(value)) {
            return value;
        }
        return JsonNodeFactory.instance.objectNode().put("secret", fromStore || isKeep(value) ? "stored" : "new");
    }
}
