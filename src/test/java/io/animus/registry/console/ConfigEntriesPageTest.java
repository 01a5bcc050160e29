package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.animus.registry.console.auth.ConsoleGate;
import io.animus.registry.console.configuration.ConfigEntriesPageResource;
import io.animus.registry.console.configuration.EntryKind;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The configuration page's lists of environment variables, agent settings and scoped configurations
 * over plain HTTP: forms that work without script, refusals beside their field, the API's roles, the
 * confirmation before a reveal, paging.
 */
@QuarkusTest
class ConfigEntriesPageTest {

    /** A signed-in console: its cookies and the CSRF token its forms carry. */
    record Console(CookieFilter cookies, String token) {

        static Console of(Role role) {
            CookieFilter cookies = new CookieFilter();
            return new Console(cookies, ConsoleRefusalsTest.signIn(cookies, Accounts.create(role)));
        }

        Response post(String path, Map<String, ?> fields) {
            Map<String, Object> form = new HashMap<>(fields);
            form.put("csrf-token", token);
            return given().filter(cookies).redirects().follow(false).contentType(ContentType.URLENC).formParams(form).post(path);
        }

        String page(String path) {
            return given().filter(cookies).accept(ContentType.HTML).get(path).then().statusCode(200).extract().asString();
        }
    }

    @Test
    void aPlainFormSavesATypedValueAndTheHistoryRollsItBack() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.AGENT_CONFIGS, "number", "5", false);
        Console admin = Console.of(Role.ADMIN);
        String tag = tagOf(admin.page(EntryKind.AGENT_CONFIGS.page() + "?name=" + entry.name()), entry);

        admin.post("/configuration/entries/agent-configs/save", Map.of("id", entry.id(), "type", "number", "value", "8",
                "is_encrypted", "false", "tag", tag)).then().statusCode(303).header("Location", containsString(entry.dom()));
        assertEquals("8", entry.stored());

        String history = admin.page(EntryKind.AGENT_CONFIGS.page() + "?entry=" + entry.entryKey());
        assertTrue(history.contains("id=\"rollback-1\""), "version 1 can be rolled back to");
        admin.post("/configuration/rollback", Map.of("entry_key", entry.entryKey(), "version", 1, "back", "agent-configs"))
                .then().statusCode(303).header("Location", containsString("/configuration/entries/agent-configs?entry="));
        assertEquals("5", entry.stored());
    }

    @Test
    void aWrongTypedValueFromAPlainFormIsShownBesideItsFieldAndChangesNothing() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.CONFIGURATIONS, "json", "{\"a\": 1}", false);
        String before = entry.stored();
        Console admin = Console.of(Role.ADMIN);
        String tag = tagOf(admin.page(EntryKind.CONFIGURATIONS.page() + "?name=" + entry.name()), entry);

        String page = admin.post("/configuration/entries/configurations/save", Map.of("id", entry.id(), "type", "json",
                "value", "{\"a\": ", "is_encrypted", "false", "tag", tag))
                .then().statusCode(422).contentType(containsString("text/html")).extract().asString();

        String beside = fieldError(page, "error-" + entry.dom());
        assertTrue(beside.contains("JSON"), beside);
        assertTrue(page.contains("id=\"form-problem\""), "the problem's detail above the list");
        assertEquals(before, entry.stored(), "nothing half-written");
        assertEquals("", fieldError(page, "error-new-value"), "the error is beside the field of the form that sent it");
    }

    @Test
    void aBadNameOfANewVariableIsShownBesideTheNameAndNothingIsCreated() {
        Console admin = Console.of(Role.ADMIN);
        String name = "1" + Accounts.unique("BAD").replace('-', '_');
        String page = admin.post("/configuration/entries/env-vars/new", Map.of("var_name", name, "value", "x"))
                .then().statusCode(422).extract().asString();
        assertTrue(fieldError(page, "error-new-var_name").contains("environment variable name"), page);
        given().auth().oauth2(Accounts.adminToken()).queryParam("var_name", name).get("/api/v1/env-vars")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));

        String good = Accounts.unique("GOOD").replace('-', '_');
        admin.post("/configuration/entries/env-vars/new", Map.of("var_name", good, "value", "x", "description", "made in the console"))
                .then().statusCode(303);
        given().auth().oauth2(Accounts.adminToken()).queryParam("var_name", good).get("/api/v1/env-vars")
                .then().statusCode(200).body("items[0].var_value", org.hamcrest.Matchers.equalTo("x"));
    }

    @Test
    void plainFormsAddAnAgentSettingAndAScopedConfigurationFromEveryField() {
        Console admin = Console.of(Role.ADMIN);
        int agent = ConsoleFixtures.agent("entries added by a form");
        String setting = Accounts.unique("FORM_SETTING").replace('-', '_');
        admin.post("/configuration/entries/agent-configs/new", Map.of("agent_id", " " + agent + " ", "config_key", "  " + setting + " ",
                "type", "boolean", "flag", "on", "value", "ignored for a boolean", "is_encrypted", "true"))
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/configuration/entries/agent-configs"));
        int settingId = given().auth().oauth2(Accounts.adminToken()).queryParam("agent_id", agent).queryParam("config_key", setting)
                .get("/api/v1/agent-configs").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].config_type", org.hamcrest.Matchers.equalToIgnoringCase("boolean"))
                .body("items[0].is_encrypted", org.hamcrest.Matchers.equalTo(true)).extract().path("items[0].id");
        given().auth().oauth2(Accounts.adminToken()).get("/api/v1/agent-configs/" + settingId + "/reveal").then().statusCode(200)
                .body("config_value", org.hamcrest.Matchers.equalTo("true"));

        String key = Accounts.unique("form.configuration");
        admin.post("/configuration/entries/configurations/new", Map.of("key", " " + key, "scope", "agent", "scope_id", String.valueOf(agent),
                "type", "number", "value", "7", "description", "made by a form"))
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/configuration/entries/configurations"));
        given().auth().oauth2(Accounts.adminToken()).queryParam("scope", "agent").queryParam("scope_id", agent).queryParam("key", key)
                .get("/api/v1/configurations").then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].value", org.hamcrest.Matchers.equalTo("7"))
                .body("items[0].type", org.hamcrest.Matchers.equalToIgnoringCase("number"))
                .body("items[0].description", org.hamcrest.Matchers.equalTo("made by a form"))
                .body("items[0].is_encrypted", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void anAddFormsMalformedFieldIsShownBesideThatFieldAndNothingIsAdded() {
        Console admin = Console.of(Role.ADMIN);
        int agent = ConsoleFixtures.agent("entries refused by a form");
        String setting = Accounts.unique("REFUSED_SETTING").replace('-', '_');
        String page = admin.post("/configuration/entries/agent-configs/new", Map.of("agent_id", "abc", "config_key", setting, "value", "1"))
                .then().statusCode(422).contentType(containsString("text/html")).extract().asString();
        assertTrue(fieldError(page, "error-new-agent_id").contains("whole number"), page);
        page = admin.post("/configuration/entries/agent-configs/new", Map.of("agent_id", String.valueOf(agent), "config_key", setting,
                "type", "decimal", "value", "1")).then().statusCode(422).extract().asString();
        assertFalse(fieldError(page, "error-new-type").isEmpty(), page);
        given().auth().oauth2(Accounts.adminToken()).queryParam("config_key", setting).get("/api/v1/agent-configs")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));

        String key = Accounts.unique("refused.configuration");
        page = admin.post("/configuration/entries/configurations/new", Map.of("key", key, "scope", "galaxy", "scope_id", "x", "value", "1"))
                .then().statusCode(422).extract().asString();
        assertTrue(fieldError(page, "error-new-scope").contains("galaxy"), page);
        page = admin.post("/configuration/entries/configurations/new", Map.of("key", key, "scope", "agent", "scope_id", "x", "value", "1"))
                .then().statusCode(422).extract().asString();
        assertTrue(fieldError(page, "error-new-scope_id").contains("whole number"), page);
        given().auth().oauth2(Accounts.adminToken()).queryParam("key", key).get("/api/v1/configurations")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void anEmptySecretIsRefusedRatherThanStored() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.ENV_VARS, "string", "kept-secret", true);
        Console admin = Console.of(Role.ADMIN);
        String tag = tagOf(admin.page(EntryKind.ENV_VARS.page() + "?name=" + entry.name()), entry);
        String page = admin.post("/configuration/entries/env-vars/save", Map.of("id", entry.id(), "value", "", "is_encrypted", "true",
                "tag", tag)).then().statusCode(422).extract().asString();
        assertTrue(fieldError(page, "error-" + entry.dom()).contains("new secret value"));
        assertEquals("kept-secret", given().auth().oauth2(Accounts.adminToken()).get("/api/v1/env-vars/" + entry.id() + "/reveal")
                .then().statusCode(200).extract().path("var_value"));
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void aPlainRevealAsksForConfirmationFirstAndIsAudited(EntryKind kind) {
        EntryFixtures.Entry entry = EntryFixtures.create(kind, "string", "plain-reveal-secret", true);
        Console admin = Console.of(Role.ADMIN);
        long before = entry.reveals();

        String asked = admin.post("/configuration/entries/" + kind.path() + "/reveal", Map.of("id", entry.id()))
                .then().statusCode(200).extract().asString();
        assertTrue(asked.contains("reveal-confirmed"), "the confirmation question");
        assertFalse(asked.contains("plain-reveal-secret"));
        assertEquals(before, entry.reveals(), "nothing revealed before the confirmation");

        String shown = admin.post("/configuration/entries/" + kind.path() + "/reveal", Map.of("id", entry.id(), "confirm", "yes"))
                .then().statusCode(200).extract().asString();
        assertTrue(shown.contains("<code class=\"revealed\">plain-reveal-secret</code>"));
        assertEquals(before + 1, entry.reveals());
    }

    @ParameterizedTest
    @EnumSource(EntryKind.class)
    void aViewersForgedPostsAreRefusedWithTheApisRoles(EntryKind kind) {
        String secret = Accounts.unique("forged-post-secret");
        EntryFixtures.Entry entry = EntryFixtures.create(kind, "string", secret, true);
        Console viewer = Console.of(Role.VIEWER);
        String base = "/configuration/entries/" + kind.path();
        viewer.post(base + "/save", Map.of("id", entry.id(), "value", "forged", "is_encrypted", "false"))
                .then().statusCode(403).contentType("application/problem+json");
        viewer.post(base + "/reveal", Map.of("id", entry.id(), "confirm", "yes")).then().statusCode(403);
        viewer.post(base + "/delete", Map.of("id", entry.id())).then().statusCode(403);
        viewer.post(base + "/new", Map.of("var_name", "FORGED", "config_key", "forged", "key", "forged", "value", "x"))
                .then().statusCode(403);
        assertTrue(entry.exists());
        assertEquals(0, entry.reveals());
        given().auth().oauth2(Accounts.adminToken()).get(EntryFixtures.api(kind) + "/" + entry.id() + "/reveal").then()
                .body(EntryFixtures.valueField(kind), org.hamcrest.Matchers.equalTo(secret));
    }

    @Test
    void aViewerReadsSettingsWithoutControlsAndIsRefusedTheEnvironment() {
        EntryFixtures.Entry setting = EntryFixtures.create(EntryKind.AGENT_CONFIGS, "number", "12", false);
        Console viewer = Console.of(Role.VIEWER);
        String page = viewer.page(EntryKind.AGENT_CONFIGS.page() + "?name=" + setting.name());
        assertTrue(page.contains("<code>12</code>"), "the value is read");
        assertFalse(page.contains("class=\"edit\""), "no edit form");
        assertFalse(page.contains("id=\"new-entry\""), "no add form");
        assertFalse(page.contains("/env-vars\""), "no tab of environment variables");
        given().filter(viewer.cookies()).accept(ContentType.HTML).get(EntryKind.ENV_VARS.page()).then().statusCode(403)
                .body(containsString("Your role does not allow this operation"));
    }

    @Test
    void aFormWithoutItsTokenIsRefused() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.ENV_VARS, "string", "v", false);
        Console admin = Console.of(Role.ADMIN);
        given().filter(admin.cookies()).contentType(ContentType.URLENC).formParams(Map.of("id", entry.id()))
                .post("/configuration/entries/env-vars/delete").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.equalTo(ConsoleGate.CSRF_REFUSED));
        assertTrue(entry.exists());
    }

    @Test
    void aDeletedEntryComesBackByRollback() {
        EntryFixtures.Entry entry = EntryFixtures.create(EntryKind.ENV_VARS, "string", "restored", false);
        Console admin = Console.of(Role.ADMIN);
        String tag = tagOf(admin.page(EntryKind.ENV_VARS.page() + "?name=" + entry.name()), entry);
        admin.post("/configuration/entries/env-vars/delete", Map.of("id", entry.id(), "tag", tag)).then().statusCode(303)
                .header("Location", containsString("entry="));
        assertFalse(entry.exists());
        assertTrue(admin.page(EntryKind.ENV_VARS.page() + "?entry=" + entry.entryKey()).contains("id=\"rollback-1\""),
                "the deleted entry's history offers the rollback");

        admin.post("/configuration/rollback", Map.of("entry_key", entry.entryKey(), "version", 1, "back", "env-vars"))
                .then().statusCode(303);
        given().auth().oauth2(Accounts.adminToken()).queryParam("var_name", entry.name()).get("/api/v1/env-vars")
                .then().body("items[0].var_value", org.hamcrest.Matchers.equalTo("restored"));
    }

    @Test
    void aLongListIsPagedAndEachPageStaysSmall() {
        Console admin = Console.of(Role.ADMIN);
        int agent = ConsoleFixtures.agent("many settings");
        for (int i = 0; i < ConfigEntriesPageResource.PAGE_SIZE + 5; i++) {
            given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                    .body(Map.of("agent_id", agent, "config_key", "setting_" + i + "_" + "x".repeat(60), "config_value",
                            "{\"long\": \"" + "v".repeat(200) + "\"}", "config_type", "json", "is_encrypted", false))
                    .post("/api/v1/agent-configs").then().statusCode(201);
        }
        String first = admin.page(EntryKind.AGENT_CONFIGS.page() + "?owner=" + agent);
        assertEquals(ConfigEntriesPageResource.PAGE_SIZE, count(first, "class=\"edit\""));
        assertTrue(first.contains("rel=\"next\""), "a link to the next page");
        assertTrue(first.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 100 * 1024, () -> first.length() + " bytes");
        String second = admin.page(EntryKind.AGENT_CONFIGS.page() + "?owner=" + agent + "&page=1");
        assertEquals(5, count(second, "class=\"edit\""));
        assertTrue(admin.page(EntryKind.AGENT_CONFIGS.page()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 100 * 1024);
    }

    @Test
    void theSystemSettingsPageLinksEachList() {
        Console viewer = Console.of(Role.VIEWER);
        String page = viewer.page("/configuration");
        assertTrue(page.contains("href=\"/configuration/entries/agent-configs\""));
        assertTrue(page.contains("href=\"/configuration/entries/configurations\""));
        given().filter(viewer.cookies()).get("/configuration/entries/nothing-here").then().statusCode(not(200));
    }

    /** The entity tag in the edit form of the entry's line. */
    static String tagOf(String page, EntryFixtures.Entry entry) {
        Matcher found = Pattern.compile("id=\"" + entry.dom() + "\".*?name=\"tag\" value=\"([^\"]*)\"", Pattern.DOTALL).matcher(page);
        assertTrue(found.find(), "the line of " + entry.dom());
        return found.group(1);
    }

    private static String fieldError(String page, String id) {
        Matcher found = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)</span>").matcher(page);
        assertTrue(found.find(), "the slot " + id);
        return found.group(1);
    }

    private static int count(String page, String text) {
        return page.split(Pattern.quote(text), -1).length - 1;
    }
}
