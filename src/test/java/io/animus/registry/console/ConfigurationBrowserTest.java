package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.config.secret.SecretReveal;
import io.animus.registry.config.system.SystemConfig;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The configuration page in headless Chromium: typed edits, history and rollback, masked secrets, and what a viewer may not do. */
@QuarkusTest
class ConfigurationBrowserTest extends InBrowser {

    @Test
    void adminEditsATypedValueSeesItInHistoryAndRollsItBack() {
        String key = setting("number", "5", false);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/configuration");
        assertEquals("number", browser.find("#value-" + key).getAttribute("type"), "a number gets a number input");

        browser.type("#value-" + key, "7");
        browser.find("#setting-" + key + " .save").click();
        browser.waitUntil(() -> "7".equals(stored(key)));
        browser.waitUntil(() -> "7".equals(browser.find("#value-" + key).getAttribute("value")));

        browser.find("#setting-" + key + " a").click();
        browser.waitUntil(() -> browser.has("#history-table"));
        assertTrue(browser.find("#history-table").getText().contains("5"), browser.find("#history-table").getText());
        assertTrue(browser.find("#history-table").getText().contains("7"));
        browser.screenshot("configuration-history");
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());

        browser.find("#rollback-1").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> "5".equals(stored(key)));
        browser.waitUntil(() -> browser.has("#history-table") && browser.find("#history-table").getText().contains("to version 1"));
        assertEquals("5", browser.find("#value-" + key).getAttribute("value"));
    }

    @Test
    void aBooleanIsACheckboxAndBadJsonIsRefusedBesideItsField() {
        String flag = setting("boolean", "false", false);
        String document = setting("json", "{\"a\": 1}", false);
        String original = stored(document);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/configuration");

        assertEquals("checkbox", browser.find("#value-" + flag).getAttribute("type"));
        browser.find("#value-" + flag).click();
        browser.find("#setting-" + flag + " .save").click();
        browser.waitUntil(() -> "true".equals(stored(flag)));

        browser.type("#value-" + document, "{\"a\": ");
        assertTrue(browser.find("#setting-" + document + " [data-field-error=value]").getText().startsWith("not valid JSON yet"),
                "checked as it is typed");
        browser.find("#setting-" + document + " .save").click();
        browser.waitUntil(() -> !browser.message().isEmpty());
        assertTrue(browser.find("#setting-" + document + " [data-field-error=value]").getText().contains(document),
                browser.find("#setting-" + document + " [data-field-error=value]").getText());
        assertFalse(browser.message().isEmpty(), "the problem's detail is shown too");
        assertEquals(original, stored(document), "nothing half-written");
    }

    @Test
    void aSecretStaysMaskedUntilAnAdminRevealsItAndTheRevealIsAudited() {
        String key = setting("string", "hunter2-console-secret", true);
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/configuration");
        assertFalse(browser.driver.getPageSource().contains("hunter2-console-secret"));
        assertFalse(browser.has("#setting-" + key + " .reveal"), "a viewer has no reveal button");
        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/configuration");
        assertFalse(browser.driver.getPageSource().contains("hunter2-console-secret"), "masked for the admin too");
        long before = reveals(key);

        browser.find("#setting-" + key + " .reveal").click();
        browser.driver.switchTo().alert().accept();
        browser.waitUntil(() -> browser.has("#setting-" + key + " .revealed"));

        assertEquals("hunter2-console-secret", browser.find("#setting-" + key + " .revealed").getText());
        assertEquals(before + 1, reveals(key), "the reveal is recorded");
        browser.screenshot("configuration");
    }

    @Test
    void aDeclinedConfirmationRevealsNothing() {
        String key = setting("string", "never-shown-secret", true);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/configuration");
        long before = reveals(key);

        browser.find("#setting-" + key + " .reveal").click();
        browser.driver.switchTo().alert().dismiss();

        assertFalse(browser.driver.getPageSource().contains("never-shown-secret"));
        assertEquals(before, reveals(key));
    }

    @Test
    void aViewerSeesNoAdminControlsAndAForgedAdminPostIsRefused() {
        String key = setting("number", "3", false);
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/configuration");

        assertTrue(browser.has("#setting-" + key));
        assertFalse(browser.has("form.edit"), "no edit form");
        assertFalse(browser.has("#new-setting"), "no add form");
        assertFalse(browser.has("#env-vars"), "environment variables are admins' only");
        assertFalse(browser.has("a[href='/users']"), "no users page in the navigation");
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());

        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "const body = new URLSearchParams({'csrf-token': token, config_key: arguments[0], config_type: 'number', value: '99'});"
                + "fetch('/configuration/system', {method: 'POST', body}).then(r => r.json().then(j => done(r.status + ' ' + j.detail)));",
                key);

        assertEquals("403 Your role does not allow this operation", status);
        assertEquals("3", stored(key));
    }

    private static String setting(String type, String value, boolean encrypted) {
        String key = Accounts.unique("console_" + type).replace('-', '_');
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("config_key", key, "config_value", value, "config_type", type, "is_encrypted", encrypted))
                .post("/api/v1/system-config").then().statusCode(201);
        return key;
    }

    private static String stored(String key) {
        return QuarkusTransaction.requiringNew().call(() -> SystemConfig.findByKey(key).orElseThrow().configValue);
    }

    private static long reveals(String key) {
        return QuarkusTransaction.requiringNew().call(() -> SecretReveal.count("entryKey", "system_config:" + key));
    }
}
