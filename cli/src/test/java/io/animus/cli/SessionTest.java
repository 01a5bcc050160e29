package io.animus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signing in and out: the password never from an argument, the session file private, the access token renewed, a logout final. */
@ExtendWith(Cli.class)
class SessionTest {

    @Test
    void theRightPasswordSignsInAndKeepsTheSessionInAPrivateFile(Cli cli) throws Exception {
        Cli.Result login = cli.env("ANIMUS_PASSWORD", cli.registry().adminPassword).run("login", "--user", "admin");
        assertEquals(0, login.status(), login::toString);
        Path file = cli.configFolder().resolve("session.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        JsonNode stored = Output.JSON.readTree(file.toFile());
        assertEquals(cli.registry().url(), stored.get("url").asText());
        assertFalse(Files.readString(file).contains(cli.registry().adminPassword), "the password is not kept");
        Cli.Result list = cli.env("ANIMUS_PASSWORD", null).env("ANIMUS_REGISTRY_URL", null).run("agents", "list");
        assertEquals(0, list.status(), "the stored URL and session serve the next command: " + list);
    }

    @Test
    void aWrongPasswordIsRefusedWith3(Cli cli) {
        Cli.Result login = cli.env("ANIMUS_PASSWORD", "Not the password 123").run("login", "--user", "admin");
        assertEquals(Exit.REFUSED, login.status(), login::toString);
        assertTrue(login.err().contains("refused"), login::toString);
        assertFalse(Files.exists(cli.configFolder().resolve("session.json")));
    }

    @Test
    void thePasswordIsNeverAnArgumentNorAskedWithoutATerminal(Cli cli) {
        Cli.Result argument = cli.run("login", "--user", "admin", "--password", cli.registry().adminPassword);
        assertEquals(Exit.USAGE, argument.status(), argument::toString);
        Cli.Result unasked = cli.run("login", "--user", "admin");
        assertEquals(Exit.USAGE, unasked.status(), unasked::toString);
        assertTrue(unasked.err().contains("ANIMUS_PASSWORD"), unasked::toString);
    }

    @Test
    void withoutASessionACommandIsRefusedWith3(Cli cli) {
        Cli.Result result = cli.run("agents", "list");
        assertEquals(Exit.REFUSED, result.status(), result::toString);
        assertTrue(result.err().contains("animus login"), result::toString);
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshToken(Cli cli) throws Exception {
        cli.loggedIn();
        Path file = cli.configFolder().resolve("session.json");
        ObjectNode stored = (ObjectNode) Output.JSON.readTree(file.toFile());
        stored.put("access_expires_at", Instant.now().minusSeconds(60).toString());
        Files.writeString(file, stored.toString());
        Cli.Result list = cli.run("tools", "list");
        assertEquals(0, list.status(), list::toString);
        JsonNode renewed = Output.JSON.readTree(file.toFile());
        assertNotEquals(stored.get("refresh_token").asText(), renewed.get("refresh_token").asText(), "the refresh token rotated");
        assertTrue(Instant.parse(renewed.get("access_expires_at").asText()).isAfter(Instant.now()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anAccessTokenTheRegistryRefusesIsRenewedOnce(Cli cli) throws Exception {
        cli.loggedIn();
        Path file = cli.configFolder().resolve("session.json");
        ObjectNode stored = (ObjectNode) Output.JSON.readTree(file.toFile());
        stored.put("access_token", "not.a.token");
        Files.writeString(file, stored.toString());
        Cli.Result list = cli.run("tools", "list");
        assertEquals(0, list.status(), list::toString);

        // a refresh token the registry no longer knows: the session has ended
        ObjectNode dead = (ObjectNode) Output.JSON.readTree(file.toFile());
        dead.put("access_token", "not.a.token").put("refresh_token", "unknown-refresh-token");
        Files.writeString(file, dead.toString());
        Cli.Result refused = cli.run("tools", "list");
        assertEquals(Exit.REFUSED, refused.status(), refused::toString);
        assertTrue(refused.err().contains("animus login"), refused::toString);
    }

    @Test
    void logoutEndsTheSessionAtTheRegistry(Cli cli) throws Exception {
        cli.loggedIn();
        Path file = cli.configFolder().resolve("session.json");
        String kept = Files.readString(file);
        Cli.Result logout = cli.run("logout");
        assertEquals(0, logout.status(), logout::toString);
        JsonNode left = Output.JSON.readTree(file.toFile());
        assertTrue(left.get("refresh_token").isNull() && left.get("access_token").isNull(), "the tokens are forgotten: " + left);
        assertEquals(cli.registry().url(), left.get("url").asText(), "the URL stays for the next login");
        Cli.Result after = cli.env("ANIMUS_REGISTRY_URL", null).run("agents", "list");
        assertEquals(Exit.REFUSED, after.status(), after::toString);
        assertTrue(after.err().contains("animus login"), after::toString);
        assertEquals(0, cli.run("logout").status(), "a second logout has nothing to do");

        // the copy of the session kept before: its refresh token was revoked
        ObjectNode copy = (ObjectNode) Output.JSON.readTree(kept);
        copy.put("access_expires_at", Instant.now().minusSeconds(60).toString());
        Files.writeString(file, copy.toString());
        Cli.Result revoked = cli.run("agents", "list");
        assertEquals(Exit.REFUSED, revoked.status(), revoked::toString);
    }

    @Test
    void anAccessTokenFromTheEnvironmentWorksWithoutALogin(Cli cli) throws Exception {
        String token = login(cli.registry()).get("access_token").asText();
        Cli.Result list = cli.env("ANIMUS_TOKEN", token).run("agents", "list");
        assertEquals(0, list.status(), list::toString);
        Cli.Result refused = cli.env("ANIMUS_TOKEN", "not.a.token").run("agents", "list");
        assertEquals(Exit.REFUSED, refused.status(), refused::toString);
    }

    @Test
    void aModuleKeyIsSentAsApiKey(Cli cli) throws Exception {
        String token = login(cli.registry()).get("access_token").asText();
        String tool = cli.env("ANIMUS_TOKEN", token).run("tools", "create", "--set", "name=cli-keyed-" + RunningRegistry.random(6)).out();
        int toolId = Output.JSON.readTree(tool).get("id").asInt();
        HttpResponse<String> issued = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cli.registry().url() + "/api/v1/service-keys"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"cli-test-" + RunningRegistry.random(6) + "\", \"role\": \"module\", \"tool_id\": " + toolId + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, issued.statusCode(), issued::body);
        String key = Output.JSON.readTree(issued.body()).get("key").asText();
        // a module key is known (not 401) but may read only its own configuration (403): both refusals, told apart
        Cli.Result known = cli.env("ANIMUS_TOKEN", null).env("ANIMUS_MODULE_KEY", key).run("agents", "list");
        assertEquals(Exit.REFUSED, known.status(), known::toString);
        assertTrue(known.err().contains("your role may not do this"), known::toString);
        Cli.Result unknown = cli.env("ANIMUS_MODULE_KEY", "not-a-key").run("agents", "list");
        assertEquals(Exit.REFUSED, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("refused the credentials"), unknown::toString);
    }

    static JsonNode login(RunningRegistry registry) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Output.JSON.createObjectNode().put("username", "admin")
                        .put("password", registry.adminPassword).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        return Output.JSON.readTree(answer.body());
    }
}
