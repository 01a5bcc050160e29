package io.animus.registry.chat;

import static io.animus.registry.chat.Chats.as;
import static io.animus.registry.chat.Chats.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code /api/v1/chat/sessions/{id}/messages}: posting and reading a conversation. */
@QuarkusTest
class ChatMessageResourceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ChatConfig config;

    Caller admin;
    Caller user;
    int agent;
    String session;

    @BeforeEach
    void session() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        agent = Chats.agent(admin);
        session = Chats.session(user, agent);
    }

    private String messages() {
        return "/api/v1/chat/sessions/" + session + "/messages";
    }

    @Test
    void aPostedMessageIsStoredPendingForBrocaAndMovesTheSession() {
        Instant before = Instant.parse(as(user).get("/api/v1/chat/sessions/" + session).then().extract().path("last_active"));
        Response posted = post(user, session, "Hello, Athena");
        posted.then().statusCode(201)
                .header("Location", containsString("/api/v1/chat/sessions/" + session + "/messages/"))
                .body("session_id", equalTo(session))
                .body("message", equalTo("Hello, Athena"))
                .body("user_id", equalTo(user.id()))
                .body("processed", equalTo(false))
                .body("broca_message_id", nullValue())
                .body("timestamp", notNullValue());
        int id = posted.path("id");
        as(user).get(messages() + "/" + id).then().statusCode(200).body("message", equalTo("Hello, Athena"));

        Instant after = Instant.parse(as(user).get("/api/v1/chat/sessions/" + session).then().extract().path("last_active"));
        assertTrue(after.isAfter(before), () -> "last_active moved from " + before + " to " + after);
    }

    @Test
    void messagesAreListedInTheOrderTheyWerePosted() {
        List<Integer> posted = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            posted.add(Chats.message(user, session, "message " + i));
        }
        Response all = as(user).get(messages()).then().statusCode(200).body("total", equalTo(7)).extract().response();
        assertEquals(posted, all.jsonPath().getList("items.id", Integer.class));
        assertEquals(List.of("message 1", "message 2", "message 3", "message 4", "message 5", "message 6", "message 7"),
                all.jsonPath().getList("items.message", String.class));

        assertEquals(posted.subList(3, 6), as(user).queryParam("size", 3).queryParam("page", 1).get(messages())
                .then().statusCode(200).extract().jsonPath().getList("items.id", Integer.class));
        assertEquals(posted.subList(5, 7), as(user).queryParam("after_id", posted.get(4)).get(messages())
                .then().statusCode(200).body("total", equalTo(2)).extract().jsonPath().getList("items.id", Integer.class));
    }

    @Test
    void aMessageNeedsTextWithinTheLimit() {
        int max = config.messageMaxLength();
        post(user, session, "").then().statusCode(422).body("errors.field", hasItem("message"));
        post(user, session, "   ").then().statusCode(422).body("errors.field", hasItem("message"));
        as(user).body(Map.of()).post(messages()).then().statusCode(422).body("errors.field", hasItem("message"));
        post(user, session, "x".repeat(max + 1)).then().statusCode(422).body("errors.field", hasItem("message"))
                .body("detail", containsString(String.valueOf(max)));
        post(user, session, "x".repeat(max)).then().statusCode(201);
        // characters, not UTF-16 units: max emoji are within the limit
        post(user, session, "\uD83D\uDE00".repeat(max)).then().statusCode(201);
        as(user).body(Map.of("message", "hi", "urgent", true)).post(messages()).then().statusCode(422);
    }

    @Test
    void onlyTheOwnerAndAdminsReadAndPostInASession() {
        Caller other = fixtures.caller(Role.USER);
        int id = Chats.message(user, session, "mine");
        post(other, session, "intruding").then().statusCode(404);
        as(other).get(messages()).then().statusCode(404);
        as(other).get(messages() + "/" + id).then().statusCode(404);

        as(admin).get(messages()).then().statusCode(200).body("items.id", hasItem(id));
        post(admin, session, "an operator's note").then().statusCode(201).body("user_id", equalTo(admin.id()));

        post(user, "no-such-session", "hello").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("message", "hi")).post(messages()).then().statusCode(401);
        given().get(messages()).then().statusCode(401);
    }

    @Test
    void aMessageOfAnotherSessionIsNotReadThroughThisOne() {
        String second = Chats.session(user, agent);
        int elsewhere = Chats.message(user, second, "elsewhere");
        as(user).get(messages() + "/" + elsewhere).then().statusCode(404);
        as(user).get("/api/v1/chat/sessions/" + second + "/messages/" + elsewhere).then().statusCode(200);
    }

    @Test
    void aViewerReadsButDoesNotPost() {
        Caller viewer = fixtures.caller(Role.VIEWER);
        String own = Chats.session(admin, agent);
        post(viewer, own, "hi").then().statusCode(403);
        post(viewer, session, "hi").then().statusCode(403);
    }

    @Test
    void aDeactivatedAgentTakesNoNewMessages() {
        String uid = Fixtures.unique("letta");
        int agentId = as(admin).body(Map.of("letta_uid", uid)).post("/api/v1/agents").then().statusCode(201).extract().path("id");
        String chat = Chats.session(user, agentId);
        Chats.message(user, chat, "before");
        as(admin).body(Map.of("letta_uid", uid, "is_active", false)).put("/api/v1/agents/" + agentId).then().statusCode(200);
        post(user, chat, "after").then().statusCode(409);
        as(user).get("/api/v1/chat/sessions/" + chat + "/messages").then().statusCode(200).body("total", equalTo(1));
    }
}
