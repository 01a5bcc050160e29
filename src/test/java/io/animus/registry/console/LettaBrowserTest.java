package io.animus.registry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.agent.Agent;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.letta.LettaStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The Letta page in headless Chromium: an admin links a stand-in, checks, reconciles and imports; a viewer only reads. */
@QuarkusTest
class LettaBrowserTest extends InBrowser {

    LettaStandIn letta;

    @BeforeEach
    void standIn() {
        clean();
        letta = new LettaStandIn();
    }

    @AfterEach
    void stop() {
        List<String> violations = letta.violations();
        letta.close();
        clean();
        assertEquals(List.of(), violations);
    }

    private static void clean() {
        QuarkusTransaction.requiringNew().run(() -> {
            Agent.getEntityManager().createNativeQuery("DELETE FROM letta_settings").executeUpdate();
            Agent.getEntityManager().createNativeQuery("DELETE FROM letta_unregistered").executeUpdate();
            Agent.getEntityManager().createNativeQuery("DELETE FROM letta_runs").executeUpdate();
            Agent.delete("name like 'lb-%'");
        });
    }

    @Test
    void anAdminLinksChecksReconcilesAndImportsAndAViewerOnlyReads() {
        String name = "lb-" + UUID.randomUUID().toString().substring(0, 8);
        LettaStandIn.Agent stranger = letta.add(name, "send_message");
        letta.serve(50);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/letta");
        browser.type("#letta-url", letta.url());
        browser.type("#letta-password", "console-letta-password");
        browser.find("#save-letta").click();
        browser.waitUntil(() -> browser.has("#letta-url") && letta.url().equals(browser.find("#letta-url").getAttribute("value"))
                && browser.find("label[for=letta-password]").getText().contains("set"));

        browser.find("#check-button").click();
        browser.waitUntil(() -> browser.has("#check-outcome"));
        assertTrue(browser.find("#check-outcome").getText().contains("1 agent(s)"), browser.find("#check-outcome").getText());

        browser.find("#reconcile-button").click();
        browser.waitUntil(java.time.Duration.ofSeconds(20), () -> browser.has("#letta-runs tbody tr td")
                && browser.find("#letta-runs").getText().contains("completed"));
        // the suite's database holds other tests' agents: the unregistered ones, which this test imports, on a page of their own
        browser.go("/letta?state=unregistered");
        assertTrue(browser.find("#letta-agents").getText().contains(stranger.id()), browser.find("#letta-agents").getText());
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("letta");

        browser.find("#letta-agents button.import").click();
        browser.waitUntil(() -> QuarkusTransaction.requiringNew().call(() -> Agent.count("name", name)) == 1);
        int id = QuarkusTransaction.requiringNew().call(() -> Agent.<Agent> find("name", name).firstResult().id);
        browser.go("/agent?id=" + id);
        assertEquals("linked", browser.find("#letta-state").getText());
        browser.go("/agents?name=" + name);
        assertTrue(browser.find("#agents .letta-state").getText().contains("linked"));
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/letta");
        assertFalse(browser.has("#letta-settings"), "the settings are for admins");
        assertFalse(browser.has("#reconcile-button"));
        assertTrue(statesShow(name), "a viewer sees the states of the agents it may see");
        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "fetch('/letta/reconcile', {method: 'POST', body: new URLSearchParams({'csrf-token': token})})"
                + ".then(r => r.json().then(j => done(r.status + ' ' + j.detail)));");
        assertEquals("403 Your role does not allow this operation", answer);
    }

    /** Whether a page of the linked states shows the name: the suite's database holds other tests' linked agents, in pages. */
    private boolean statesShow(String name) {
        for (int page = 0; page < 100; page++) {
            browser.go("/letta?state=linked&page=" + page);
            String rows = browser.find("#letta-agents").getText();
            if (rows.contains(name)) {
                return true;
            }
            if (!browser.has("#letta-agents tbody tr td")) {
                return false;
            }
        }
        return false;
    }
}
