package io.animus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The fields of a create or an update: a JSON file ({@code -f}), then {@code --set} options over it
 * ({@code key=text}, or {@code key:=json} for numbers, booleans, objects, lists and null), then the
 * secret ({@code --secret}), which is read from standard input or a prompt and never from an argument.
 */
public class Fields {

    @Option(names = { "-f", "--file" }, paramLabel = "FILE", description = "A JSON object of the fields.")
    Path file;

    @Option(names = { "-s", "--set" }, paramLabel = "KEY=VALUE", description = { "A field: key=text, or key:=json (a number, true, "
            + "false, null, an object or a list)." })
    List<String> sets = new ArrayList<>();

    @Option(names = "--secret", description = "Read the secret value (a password, an encrypted value) from standard input, or ask for it on a terminal.")
    boolean secret;

    /**
     * The body these options give. {@code stored} is the item being updated (null for a create): a value
     * that stays encrypted may not come from an argument either.
     */
    ObjectNode body(Terminal terminal, ResourceCommand resource, JsonNode stored) {
        ObjectNode body = Output.JSON.createObjectNode();
        if (file != null) {
            try {
                JsonNode read = Output.JSON.readTree(Files.readString(file));
                if (read == null || !read.isObject()) {
                    throw new Failure(Exit.USAGE, "the file " + file + " does not hold a JSON object: give one like {\"name\": \"...\"}");
                }
                body.setAll((ObjectNode) read);
            } catch (JsonProcessingException e) {
                throw new Failure(Exit.USAGE, "the file " + file + " is not JSON (" + e.getOriginalMessage() + " at line "
                        + e.getLocation().getLineNr() + "): fix it");
            } catch (IOException e) {
                throw new Failure(Exit.USAGE, "cannot read the file " + file + " (" + e.getMessage() + "): check its name");
            }
        }
        List<String> given = new ArrayList<>();
        for (String set : sets) {
            int equals = set.indexOf('=');
            if (equals <= 0) {
                throw new Failure(Exit.USAGE, "--set " + set + " is not KEY=VALUE: give it like --set name=calendar or --set is_enabled:=false");
            }
            boolean json = set.charAt(equals - 1) == ':';
            String key = set.substring(0, json ? equals - 1 : equals);
            String value = set.substring(equals + 1);
            if (json) {
                try {
                    body.set(key, Output.JSON.readTree(value));
                } catch (JsonProcessingException e) {
                    throw new Failure(Exit.USAGE, "--set " + key + ":= takes JSON, and " + value + " is not (" + e.getOriginalMessage()
                            + "): quote text with key=VALUE instead");
                }
            } else {
                body.put(key, value);
            }
            given.add(key);
        }
        String field = resource.secretField();
        if (field != null && given.contains(field) && encrypted(resource, body, stored)) {
            throw new Failure(Exit.USAGE, "a secret is never taken from an argument (other users can read command lines): "
                    + "drop --set " + field + " and give --secret, then type it or pipe it on standard input");
        }
        if (secret) {
            if (field == null) {
                throw new Failure(Exit.USAGE, "a " + resource.noun() + " has no secret field: drop --secret");
            }
            body.put(field, terminal.secret(field + ": "));
            if (!resource.alwaysSecret() && !body.has("is_encrypted")) {
                body.put("is_encrypted", true);
            }
        }
        return body;
    }

    private static boolean encrypted(ResourceCommand resource, JsonNode body, JsonNode stored) {
        if (resource.alwaysSecret()) {
            return true;
        }
        if (body.has("is_encrypted")) {
            return body.get("is_encrypted").asBoolean();
        }
        return stored != null && stored.path("is_encrypted").asBoolean(false);
    }
}
