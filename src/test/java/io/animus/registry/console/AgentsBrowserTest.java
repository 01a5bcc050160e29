package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.user.FirstAdmin;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The agents pages in headless Chromium: what each user may see, provenance of settings, names shown as text. */
@QuarkusTest
class AgentsBrowserTest extends InBrowser {

    @Inject
    ConsoleConfig config;

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @Test
    void anAgentNamedLikeMarkupIsShownAsTextAndNoScriptRuns() {
        int id = ConsoleFixtures.agent(HOSTILE);
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/agents?name=" + Pages.encode("onerror"));

        WebElement link = browser.find("#agents a[href='/agent?id=" + id + "']");
        assertEquals(HOSTILE, link.getText());
        assertTrue(browser.all("#agents img").isEmpty(), "no image element was made from the name");
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());

        link.click();
        browser.waitUntil(() -> browser.has("#agent-name"));
        assertEquals(HOSTILE, browser.find("#agent-name").getText());
        assertTrue(browser.all("main img").isEmpty());
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
    }

    @Test
    void theAgentPageShowsEachSettingWithTheLayerItComesFrom() {
        String name = Accounts.unique("Athena");
        int id = ConsoleFixtures.agent(name);
        String key = Accounts.unique("console_layered").replace('-', '_');
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("config_key", key, "config_value", "system-wide", "config_type", "string"))
                .post("/api/v1/system-config").then().statusCode(201);
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("agent_id", id, "config_key", key, "config_value", "for-this-agent", "config_type", "string"))
                .post("/api/v1/agent-configs").then().statusCode(201);
        String toolName = Accounts.unique("console-module-tool");
        int tool = given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", toolName, "module_scope", "agent")).post("/api/v1/tools").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON).body(Map.of("agent_id", id))
                .post("/api/v1/tools/" + tool + "/instances").then().statusCode(201);
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());
        browser.go("/agent?id=" + id);
        assertTrue(browser.find("#modules").getText().contains(toolName), "each module names its tool");

        WebElement row = browser.all("#effective tbody tr").stream()
                .filter(tr -> tr.getText().startsWith(key)).findFirst().orElseThrow();
        List<WebElement> cells = row.findElements(org.openqa.selenium.By.tagName("td"));
        assertEquals("for-this-agent", cells.get(1).getText());
        assertTrue(cells.get(3).getText().startsWith("agent"), cells.get(3).getText());
        assertTrue(cells.get(4).getText().startsWith("system"), "it overrides the system value: " + cells.get(4).getText());
        assertTrue(browser.has("#modules") && browser.has("#chats"));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("agent");
    }

    @Test
    void aUserSeesOnlyTheAgentsVisibleToThemAndAHiddenOneIsNotFound() {
        String hiddenName = Accounts.unique("AdminsOnly");
        int hidden = given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", Accounts.unique("letta"), "name", hiddenName, "visible_to_roles", List.of("admin")))
                .post("/api/v1/agents").then().statusCode(201).extract().path("id");
        String shownName = Accounts.unique("Monday");
        ConsoleFixtures.agent(shownName);
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        browser.signIn(viewer.username(), viewer.password());

        browser.go("/agents?name=" + Pages.encode(shownName));
        assertTrue(browser.find("#agents").getText().contains(shownName));
        browser.go("/agents?name=" + Pages.encode(hiddenName));
        assertFalse(browser.find("#agents").getText().contains(hiddenName));

        browser.go("/agent?id=" + hidden);
        assertTrue(browser.driver.getPageSource().contains("No agent has the id " + hidden), "a readable refusal");
        assertFalse(browser.driver.getPageSource().contains(hiddenName));
    }

    @Test
    void theAgentsListIsScreenshottedForTheReadme() {
        for (String name : List.of("Athena", "Monday", "Timbre")) {
            ConsoleFixtures.agent(name);
        }
        // the newest agents are on the last page, however many agents other tests have made
        int total = given().auth().oauth2(Accounts.adminToken()).queryParam("size", 1).get("/api/v1/agents")
                .then().statusCode(200).extract().path("total");
        browser.signIn(FirstAdmin.USERNAME, Accounts.adminPassword());
        browser.go("/agents?page=" + (total - 1) / config.pageSize());
        assertTrue(browser.find("#agents").getText().contains("Timbre"));
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
        browser.screenshot("agents");
    }
}
