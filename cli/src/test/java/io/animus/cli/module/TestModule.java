package io.animus.cli.module;

import com.fasterxml.jackson.databind.JsonNode;
import io.animus.cli.Cli;
import io.animus.cli.Output;
import io.animus.cli.RunningRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

/**
 * A module of the test registry, made through its API: a tool with two settings (a greeting and a
 * secret token) and a module key bound to the tool.
 */
final class TestModule {

    final Cli cli;
    final String tool;
    final String greetingId;
    final String secret = "s3cret-" + RunningRegistry.random(10);
    final String key;
    final int keyId;

    TestModule(Cli cli, String greeting) {
        this.cli = cli.loggedIn();
        tool = "run-" + RunningRegistry.random(8).toLowerCase();
        int toolId = json(cli.run("tools", "create", "--set", "name=" + tool)).get("id").asInt();
        greetingId = json(cli.run("configurations", "create", "--set", "key=greeting", "--set", "value=" + greeting,
                "--set", "scope=tool", "--set", "scope_id:=" + toolId)).get("id").asText();
        json(cli.stdin(secret).run("configurations", "create", "--set", "key=api.token", "--set", "scope=tool",
                "--set", "scope_id:=" + toolId, "--set", "is_encrypted:=true", "--secret"));
        JsonNode issued = admin("POST", "service-keys", Output.JSON.createObjectNode().put("name", tool).put("role", "module").put("tool_id", toolId));
        key = issued.get("key").asText();
        keyId = issued.get("id").asInt();
    }

    /** Changes the greeting through the API. */
    void greeting(String value) {
        Cli.Result updated = cli.run("configurations", "update", greetingId, "--set", "value=" + value);
        if (updated.status() != 0) {
            throw new AssertionError("update failed: " + updated);
        }
    }

    /** Revokes the module key through the API. */
    void revoke() {
        admin("POST", "service-keys/" + keyId + "/revoke", null);
    }

    static JsonNode json(Cli.Result result) {
        if (result.status() != 0) {
            throw new AssertionError("failed: " + result);
        }
        try {
            return Output.JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result, e);
        }
    }

    /** A request as the signed-in admin, with the access token of the session {@code animus login} stored. */
    JsonNode admin(String method, String path, JsonNode body) {
        try {
            String token = Output.JSON.readTree(Files.readString(cli.configFolder().resolve("session.json"))).get("access_token").asText();
            HttpRequest request = HttpRequest.newBuilder(URI.create(cli.registry().url() + "/api/v1/" + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? null : Output.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
