package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The chat page in headless Chromium: a message sent from the page, and Broca's reply appearing live. */
@QuarkusTest
class ChatBrowserTest extends InBrowser {

    @Test
    void aReplyStoredByBrocaAppearsInTheOpenPageWithinTwoSeconds() {
        String name = Accounts.unique("Chatty");
        int agent = ConsoleFixtures.agent(name);
        String broca = given().auth().oauth2(Accounts.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", Accounts.unique("broca"))).post("/api/v1/service-keys")
                .then().statusCode(201).extract().path("key");
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());
        browser.go("/chat?agent=" + agent);

        browser.find("#chat-open-submit").click();
        browser.waitUntil(() -> browser.has("#transcript"));
        assertTrue(browser.find("h2").getText().endsWith("with " + name), "the session names its agent");
        assertTrue(browser.find("#chat-sessions").getText().contains(name), "the list of sessions names the agent");
        assertFalse(browser.has("#transcript-earlier"), "a short conversation is shown whole");
        browser.type("#chat-message", "Hello, are you there?");
        browser.find("#chat-submit").click();
        browser.waitUntil(() -> browser.find("#transcript").getText().contains("Hello, are you there?"));
        assertEquals("", browser.find("#chat-message").getAttribute("value"), "the box is emptied");

        Map<String, Object> claimed = given().header("Authorization", "ApiKey " + broca).contentType(ContentType.JSON)
                .body(Map.of()).post("/api/v1/chat/broca/claim").then().statusCode(200).extract().jsonPath().getMap("");
        @SuppressWarnings("unchecked")
        Map<String, Object> message = ((List<Map<String, Object>>) claimed.get("messages")).stream()
                .filter(m -> "Hello, are you there?".equals(m.get("message"))).findFirst().orElseThrow();
        String session = (String) message.get("session_id");
        given().header("Authorization", "ApiKey " + broca).contentType(ContentType.JSON)
                .body(Map.of("response", "Yes, <b>I am</b> here.", "message_id", message.get("id")))
                .post("/api/v1/chat/broca/sessions/" + session + "/responses").then().statusCode(201);

        browser.waitUntil(Duration.ofSeconds(2), () -> browser.find("#transcript").getText().contains("Yes, <b>I am</b> here."));
        assertFalse(browser.has("#transcript b"), "a reply is text, not markup");
        browser.screenshot("chat");
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());
    }

    @Test
    void aLongConversationOpensAtItsLatestMessagesAndPagesBackToItsFirst() {
        Accounts.Account user = Accounts.create(Role.USER);
        String token = Accounts.accessToken(user);
        int agent = ConsoleFixtures.agent(Accounts.unique("Talkative"));
        String session = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("agent_id", agent))
                .post("/api/v1/chat/sessions").then().statusCode(201).extract().path("id");
        for (int i = 1; i <= 101; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("message", String.format("note-%03d", i)))
                    .post("/api/v1/chat/sessions/" + session + "/messages").then().statusCode(201);
        }
        browser.signIn(user.username(), user.password());

        browser.go("/chat?session=" + session);
        String latest = browser.find("#transcript").getText();
        assertTrue(latest.contains("note-101"), "the latest message is shown");
        assertFalse(latest.contains("note-001"), "the first page is not");
        assertFalse(browser.has("#transcript-later"), "nothing is later than the latest page");

        browser.find("#transcript-earlier").click();
        browser.waitUntil(() -> browser.has("#transcript-later"));
        String earlier = browser.find("#transcript").getText();
        assertTrue(earlier.contains("note-001") && earlier.contains("note-100"), "the earlier page holds the first hundred");
        assertFalse(earlier.contains("note-101"), "and not the latest");
        assertFalse(browser.has("#transcript-earlier"), "nothing is earlier than the first page");
    }

    @Test
    void aViewerReadsButCannotOpenOrPost() {
        Accounts.Account viewer = Accounts.create(Role.VIEWER);
        int agent = ConsoleFixtures.agent(Accounts.unique("Quiet"));
        browser.signIn(viewer.username(), viewer.password());
        browser.go("/chat");
        assertFalse(browser.has("#chat-open"), "no form to open a session");

        Object answer = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = document.querySelector('input[name=\"csrf-token\"]').value;"
                + "fetch('/chat/open', {method: 'POST', body: new URLSearchParams({'csrf-token': token, agent_id: arguments[0]})})"
                + ".then(r => r.json().then(j => done(r.status + ' ' + j.detail)));", agent);
        assertEquals("403 Your role does not allow this operation", answer);
    }
}
