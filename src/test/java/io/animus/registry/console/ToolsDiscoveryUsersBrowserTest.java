package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.discovery.DiscoveryRun;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The tools, discovery, users and profile pages in headless Chromium. */
@QuarkusTest
class ToolsDiscoveryUsersBrowserTest extends InBrowser {

    @Test
    void aToolShowsItsSchemaReadablyAndItsPluginsAsAServerDrawnGraph() {
        String name = Accounts.unique("broca-tool");
        int tool = given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "module_scope", "global", "config_schema",
                        Map.of("type", "object", "properties", Map.of("queue_url", Map.of("type", "string")))))
                .post("/api/v1/tools").then().statusCode(201).extract().path("id");
        plugin(tool, "core", List.of());
        plugin(tool, "telegram", List.of("core"));
        plugin(tool, "<script>alert(1)</script>", List.of("core", "telegram"));
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/tools");
        browser.find("#tools a[href='/tool?id=" + tool + "']").click();
        browser.waitUntil(() -> browser.has("#tool-name"));

        assertTrue(browser.find("#config-schema").getText().contains("\"queue_url\""), browser.find("#config-schema").getText());
        List<String> nodes = browser.all("#dependency-graph svg text").stream().map(e -> e.getText()).toList();
        assertTrue(nodes.contains("core") && nodes.contains("telegram"), nodes.toString());
        assertTrue(nodes.contains("<script>alert(1)</s…"), "a name is text in the drawing: " + nodes);
        assertTrue(browser.all("#dependency-graph svg line").size() >= 3);
        assertTrue(browser.all("script").stream().noneMatch(s -> s.getAttribute("innerHTML").contains("alert")));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("tool");
        browser.go("/tools");
        browser.screenshot("tools");
    }

    @Test
    void anAdminScansNowAndSeesTheRunAndAViewerCannot() {
        long before = QuarkusTransaction.requiringNew().call(() -> DiscoveryRun.count());
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/discovery");
        browser.find("#scan-button").click();
        browser.waitUntil(java.time.Duration.ofSeconds(20), () -> QuarkusTransaction.requiringNew().call(() -> DiscoveryRun.count()) > before
                && browser.has("#runs-chart svg"));
        assertTrue(browser.all("#runs tbody tr").size() >= 1);
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("discovery");
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/discovery");
        assertFalse(browser.has("#scan-button"));
        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "fetch('/discovery/scan', {method: 'POST', body: new URLSearchParams({'csrf-token': token})})"
                + ".then(r => r.json().then(j => done(r.status + ' ' + j.detail)));");
        assertEquals("403 Your role does not allow this operation", answer);
    }

    @Test
    void anAdminAddsAUserAndAViewerGetsAReadableRefusalOnTheUsersPage() {
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/users");
        String username = Accounts.unique("newcomer");
        browser.type("#new-username", username);
        browser.type("#new-email", username + "@example.org");
        browser.type("#new-password", "short");
        browser.find("#create-user").click();
        browser.waitUntil(() -> !browser.message().isEmpty());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> User.count("username", username)) == 0);

        browser.type("#new-password", Accounts.PASSWORD);
        browser.find("#create-user").click();
        browser.waitUntil(() -> QuarkusTransaction.requiringNew().call(() -> User.count("username", username)) == 1);
        long users = QuarkusTransaction.requiringNew().call(() -> User.count());
        browser.go("/users?page=" + (users - 1) / 100);
        browser.waitUntil(() -> browser.find("#users").getText().contains(username));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("users");
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/users");
        assertEquals("Your role does not allow this operation", browser.find("#refusal").getText());
    }

    @Test
    void theProfileListsOwnSessionsAndEndsAnother() {
        Accounts.Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        browser.signIn(user.username(), user.password());
        browser.go("/profile");
        assertEquals(2, browser.all("#sessions tbody tr").size());

        browser.find("#sessions .end-session").click();
        browser.waitUntil(() -> browser.all("#sessions tbody tr").size() == 1);
        assertEquals(1, SignInBrowserTest.sessionsOf(user.id()));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("profile");
    }

    private static void plugin(int tool, String name, List<String> dependencies) {
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "dependencies", dependencies))
                .post("/api/v1/tools/" + tool + "/plugins").then().statusCode(201);
    }
}
