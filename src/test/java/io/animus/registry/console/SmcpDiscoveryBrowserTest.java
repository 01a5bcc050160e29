package io.animus.registry.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.discovery.DiscoveryFixtures;
import io.animus.registry.discovery.SmcpEnabledProfile;
import io.animus.registry.discovery.SmcpPluginFiles;
import io.animus.registry.discovery.home.AnimusHome;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.FirstAdmin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The discovery page in headless Chromium: the SMCP plugins with their tools, and the "check a manifest" form. */
@QuarkusTest
@TestProfile(SmcpEnabledProfile.class)
class SmcpDiscoveryBrowserTest extends InBrowser {

    @Inject
    AnimusHome configuredHome;

    @Inject
    DiscoveryFixtures db;

    Path home;

    @BeforeEach
    void setUp() throws Exception {
        db.clean();
        home = configuredHome.path();
        deleteTree(home);
        for (String root : List.of("agents", "tools", "plugins")) {
            Files.createDirectories(home.resolve(root));
        }
        Files.createDirectories(AnimusHome.resolve(SmcpEnabledProfile.SMCP_FOLDER));
        SmcpPluginFiles.printing(home.resolve("plugins/dt-weather"), SmcpPluginFiles.describe("2.1.0", "forecast", "now"));
    }

    @AfterEach
    void tearDown() throws Exception {
        deleteTree(home);
        db.clean();
    }

    @Test
    void anAdminSeesThePluginsToolsAndChecksAManifest() {
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/discovery");
        assertTrue(browser.find("#smcp-plugins").getText().contains("No SMCP plugin found"));
        browser.find("#scan-button").click();
        browser.waitUntil(java.time.Duration.ofSeconds(20), () -> browser.has("#smcp-plugins a[href^='/tool?id=']"));
        String plugins = browser.find("#smcp-plugins").getText();
        assertTrue(plugins.contains("dt-weather") && plugins.contains("2.1.0") && plugins.contains("plugins/dt-weather/cli.py"), plugins);
        List<String> tools = browser.all("#smcp-plugins a").stream().map(link -> link.getText()).toList();
        assertTrue(tools.equals(List.of("dt-weather__forecast", "dt-weather__now")), tools.toString());

        browser.type("#check-path", "tools/dt-check/manifest.json");
        browser.type("#check-content", "// a comment\n{\"name\": \"dt-check\", \"type\": \"tool\", \"version\": \"3\",}");
        browser.find("#check-button").click();
        browser.waitUntil(() -> browser.has("#validation-verdict"));
        assertTrue(browser.find("#validation-verdict").getText().startsWith("Valid"), browser.find("#validation-verdict").getText());
        assertTrue(browser.find("#validation-entries").getText().contains("dt-check"));

        browser.type("#check-content", "{\"type\": \"tool\"}");
        browser.find("#check-button").click();
        browser.waitUntil(() -> browser.find("#validation-verdict").getText().startsWith("Not valid"));
        assertTrue(browser.find("#validation-problems").getText().contains("\"name\""), browser.find("#validation-problems").getText());

        browser.type("#check-path", "plugins/dt-other/cli.py");
        browser.type("#check-content", "{\"commands\": [{\"name\": \"lookup\", \"parameters\": [{\"name\": \"q\", \"required\": true}]}]}");
        browser.find("#check-button").click();
        browser.waitUntil(() -> browser.find("#validation-verdict").getText().startsWith("Valid")
                && browser.find("#validation-entries").getText().contains("dt-other__lookup"));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("discovery-smcp");
        assertFalse(db.findTool("dt-check").isPresent(), "checking wrote nothing");
    }

    @Test
    void aViewerSeesThePluginsButNoForm() throws Exception {
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/discovery");
        browser.find("#scan-button").click();
        browser.waitUntil(java.time.Duration.ofSeconds(20), () -> browser.has("#smcp-plugins a[href^='/tool?id=']"));
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/discovery");
        assertTrue(browser.find("#smcp-plugins").getText().contains("dt-weather__forecast"));
        assertFalse(browser.has("#check-manifest"));
        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "fetch('/discovery/validate', {method: 'POST', body: new URLSearchParams({'csrf-token': token,"
                + " 'path': 'tools/x/manifest.json', 'content': '{}'})})"
                + ".then(r => r.json().then(j => done(r.status + ' ' + j.detail)));");
        org.junit.jupiter.api.Assertions.assertEquals("403 Your role does not allow this operation", answer);
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
