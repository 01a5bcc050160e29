package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.animus.registry.console.configuration.EntryKind;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The configuration page's environment variables, agent settings and scoped configurations in headless
 * Chromium: typed edits seen in history and rolled back, a wrong value refused beside its field, a
 * viewer's missing controls and refused forged posts, secrets masked until an audited reveal.
 */
@QuarkusTest
class ConfigEntriesBrowserTest extends InBrowser {

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void anAdminEditsATypedValueSeesItInHistoryAndRollsItBack(EntryKind kind) {
        Edit edit = switch (kind) {
            case ENV_VARS -> new Edit("string", "alpha", "beta", "text");
            case AGENT_CONFIGS -> new Edit("number", "5", "7", "number");
            case CONFIGURATIONS -> new Edit("boolean", "false", "true", "checkbox");
        };
        EntryFixtures.Entry entry = EntryFixtures.create(kind, edit.type(), edit.before(), false);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go(kind.page() + "?name=" + entry.name());
        String field = "#value-" + entry.dom();
        assertEquals(edit.input(), browser.find(field).getAttribute("type"), "a " + edit.type() + " gets its own input");

        if ("checkbox".equals(edit.input())) {
            browser.find(field).click();
        } else {
            browser.type(field, edit.after());
        }
        browser.find("#" + entry.dom() + " .save").click();
        browser.waitUntil(() -> edit.after().equals(entry.stored()));

        browser.find("#" + entry.dom() + " a.history").click();
        browser.waitUntil(() -> browser.has("#history-table"));
        String versions = browser.find("#history-table").getText();
        assertTrue(versions.contains(edit.before()) && versions.contains(edit.after()), versions);
        browser.screenshot("configuration-" + kind.path() + "-history");
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());

        browser.find("#rollback-1").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> edit.before().equals(entry.stored()));
        browser.waitUntil(() -> browser.has("#history-table") && browser.find("#history-table").getText().contains("to version 1"));
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void aWrongValueIsShownBesideItsFieldAndChangesNothing(EntryKind kind) {
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        if (kind == EntryKind.ENV_VARS) {
            String name = "1" + Accounts.unique("BAD").replace('-', '_');
            browser.go(kind.page());
            browser.type("#new-var_name", name);
            browser.type("#new-value", "x");
            browser.find("#add-entry").click();
            browser.waitUntil(() -> !browser.find("#error-new-var_name").getText().isEmpty());
            assertTrue(browser.find("#error-new-var_name").getText().contains("environment variable name"));
            assertFalse(browser.message().isEmpty(), "the problem's detail is shown too");
            assertEquals(0, given().auth().oauth2(Accounts.adminToken()).queryParam("var_name", name).get("/api/v1/env-vars")
                    .then().statusCode(200).extract().<Integer>path("total"));
            return;
        }
        EntryFixtures.Entry entry = EntryFixtures.create(kind, "json", "{\"a\": 1}", false);
        String before = entry.stored();
        browser.go(kind.page() + "?name=" + entry.name());
        assertEquals("textarea", browser.find("#value-" + entry.dom()).getTagName(), "JSON is typed in a text area");

        browser.type("#value-" + entry.dom(), "{\"a\": ");
        assertTrue(browser.find("#error-" + entry.dom()).getText().startsWith("not valid JSON yet"), "checked as it is typed");
        browser.find("#" + entry.dom() + " .save").click();
        browser.waitUntil(() -> !browser.message().isEmpty());
        assertFalse(browser.find("#error-" + entry.dom()).getText().startsWith("not valid JSON yet"), "the registry's own message");
        assertTrue(browser.find("#error-" + entry.dom()).getText().contains("JSON"), browser.find("#error-" + entry.dom()).getText());
        assertFalse(browser.message().isEmpty(), "the problem's detail is shown too");
        assertEquals(before, entry.stored(), "nothing half-written");
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void aViewerSeesNoEditControlsAndAForgedPostIsRefused(EntryKind kind) {
        EntryFixtures.Entry entry = EntryFixtures.create(kind, "string", "as-it-was", false);
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go(kind.page() + "?name=" + entry.name());

        if (kind == EntryKind.ENV_VARS) {
            assertTrue(browser.driver.getPageSource().contains("Your role does not allow this operation"), "the page is refused");
            assertFalse(browser.driver.getPageSource().contains("as-it-was"));
        } else {
            assertTrue(browser.has("#" + entry.dom()), "the entry is read");
            assertTrue(browser.find("#" + entry.dom()).getText().contains("as-it-was"));
            assertFalse(browser.has("form.edit"), "no edit form");
            assertFalse(browser.has("#new-entry"), "no add form");
            assertFalse(browser.has(".delete"), "no delete button");
            assertFalse(browser.has("a[href='/configuration/entries/env-vars']"), "no tab of environment variables");
            browser.screenshot("configuration-" + kind.path() + "-viewer");
            assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        }

        browser.go("/configuration");
        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "const body = new URLSearchParams({'csrf-token': token, id: arguments[1], value: 'forged', is_encrypted: 'false'});"
                + "fetch('/configuration/entries/' + arguments[0] + '/save', {method: 'POST', body})"
                + ".then(r => r.json().then(j => done(r.status + ' ' + j.detail)));",
                kind.path(), String.valueOf(entry.id()));
        assertEquals("403 Your role does not allow this operation", status);
        assertEquals("as-it-was", entry.stored());
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void aSecretStaysMaskedUntilAnAdminRevealsItAndTheRevealIsAudited(EntryKind kind) {
        String secret = "hunter2-" + kind.path() + "-secret";
        EntryFixtures.Entry entry = EntryFixtures.create(kind, "string", secret, true);
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go(kind.page() + "?name=" + entry.name());
        assertFalse(browser.driver.getPageSource().contains(secret));
        assertFalse(browser.has(".reveal"), "a viewer has no reveal button");
        browser.go("/configuration");
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go(kind.page() + "?name=" + entry.name());
        assertFalse(browser.driver.getPageSource().contains(secret), "masked for the admin too");
        assertEquals("password", browser.find("#value-" + entry.dom()).getAttribute("type"), "a new secret is typed unseen");
        long before = entry.reveals();

        browser.find("#" + entry.dom() + " .reveal").click();
        browser.driver.switchTo().alert().dismiss();
        assertFalse(browser.driver.getPageSource().contains(secret), "a declined confirmation reveals nothing");
        assertEquals(before, entry.reveals());

        browser.find("#" + entry.dom() + " .reveal").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> browser.has("#" + entry.dom() + " .revealed"));
        assertEquals(secret, browser.find("#" + entry.dom() + " .revealed").getText());
        assertEquals(before + 1, entry.reveals(), "the reveal is recorded");
        browser.screenshot("configuration-" + kind.path());
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
    }

    @org.junit.jupiter.api.Test
    void anAdminDeletesAnEntryAndRollsItBack() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.AGENT_CONFIGS, "number", "42", false);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go(EntryKind.AGENT_CONFIGS.page() + "?name=" + entry.name());

        browser.find("#" + entry.dom() + " .delete").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> browser.has("#" + entry.dom() + ".deleted"));
        assertFalse(entry.exists());

        browser.find("#" + entry.dom() + " a.history").click();
        browser.waitUntil(() -> browser.has("#rollback-1"));
        browser.find("#rollback-1").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> "42".equals(given().auth().oauth2(Accounts.adminToken()).queryParam("config_key", entry.name())
                .get("/api/v1/agent-configs").then().statusCode(200).extract().path("items[0].config_value")));
    }

    /** A typed edit: the value's type, its value before and after, and the input the page gives that type. */
    private record Edit(String type, String before, String after, String input) {
    }
}
