package io.animus.registry.chat;

import static io.animus.registry.chat.Chats.as;
import static io.animus.registry.chat.Chats.open;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code /api/v1/chat/sessions}: who opens, lists and reads which sessions. */
@QuarkusTest
class ChatSessionResourceTest {

    @Inject
    Fixtures fixtures;

    Caller admin;
    Caller user;
    Caller other;
    Caller viewer;
    int agent;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        other = fixtures.caller(Role.USER);
        viewer = fixtures.caller(Role.VIEWER);
        agent = Chats.agent(admin);
    }

    @Test
    void aUserOpensASessionWithAnAgentTheySee() {
        Response opened = as(user).body(Map.of("agent_id", agent, "metadata", Map.of("client", "web", "tab", 2)))
                .post("/api/v1/chat/sessions");
        opened.then().statusCode(201)
                .header("Location", containsString("/api/v1/chat/sessions/"))
                .body("id", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("uid", matchesPattern("[0-9a-hjkmnp-tv-z]{10}"))
                .body("user_id", equalTo(user.id()))
                .body("agent_id", equalTo(agent))
                .body("ip_address", equalTo("127.0.0.1"))
                .body("metadata.client", equalTo("web"))
                .body("metadata.tab", equalTo(2))
                .body("created_at", notNullValue())
                .body("last_active", notNullValue());
        String id = opened.path("id");
        String uid = opened.path("uid");

        as(user).get("/api/v1/chat/sessions/" + id).then().statusCode(200).body("uid", equalTo(uid)).body("metadata.tab", equalTo(2));
        as(user).get("/api/v1/chat/session-by-uid/" + uid).then().statusCode(200).body("id", equalTo(id));
        as(user).get("/api/v1/chat/sessions").then().statusCode(200).body("items.id", hasItem(id)).body("items.user_id", everyItem(equalTo(user.id())));
    }

    @Test
    void sessionIdsAndUidsAreFreshEachTime() {
        Set<String> ids = new HashSet<>();
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Response opened = open(user, agent).then().statusCode(201).extract().response();
            ids.add(opened.path("id"));
            uids.add(opened.path("uid"));
        }
        assertEquals(20, ids.size());
        assertEquals(20, uids.size());
    }

    @Test
    void anAgentTheUserCannotSeeOrThatDoesNotExistIsAbsent() {
        int adminsOnly = Chats.agent(admin, Map.of("visible_to_roles", List.of("admin")));
        int othersOnly = Chats.agent(admin, Map.of("visible_to_users", List.of(other.id())));
        open(user, adminsOnly).then().statusCode(404).contentType("application/problem+json");
        open(user, othersOnly).then().statusCode(404);
        open(user, 999_999).then().statusCode(404);
        open(other, othersOnly).then().statusCode(201);
        open(admin, adminsOnly).then().statusCode(201);
    }

    @Test
    void anInactiveAgentTakesNoNewSession() {
        int inactive = Chats.agent(admin, Map.of("is_active", false));
        open(user, inactive).then().statusCode(409).body("detail", containsString("not active"));
    }

    @Test
    void openingASessionNeedsAnAgentAndObjectMetadata() {
        as(user).body(Map.of()).post("/api/v1/chat/sessions").then().statusCode(422).body("errors.field", hasItem("agent_id"));
        as(user).body(Map.of("agent_id", agent, "metadata", List.of(1, 2))).post("/api/v1/chat/sessions")
                .then().statusCode(422).body("errors.field", hasItem("metadata"));
        as(user).body("{\"agent_id\": ").post("/api/v1/chat/sessions").then().statusCode(400);
    }

    @Test
    void viewersAndAnonymousCallersOpenNoSession() {
        open(viewer, agent).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("agent_id", agent)).post("/api/v1/chat/sessions").then().statusCode(401);
        given().get("/api/v1/chat/sessions").then().statusCode(401);
    }

    @Test
    void aSessionOfAnotherUserIsAbsentToThemAndVisibleToAdmins() {
        Response opened = open(user, agent).then().statusCode(201).extract().response();
        String id = opened.path("id");
        String uid = opened.path("uid");

        as(other).get("/api/v1/chat/sessions/" + id).then().statusCode(404);
        as(other).get("/api/v1/chat/session-by-uid/" + uid).then().statusCode(404);
        as(other).get("/api/v1/chat/sessions/" + id + "/transcript").then().statusCode(404);
        as(other).get("/api/v1/chat/sessions/" + id + "/responses").then().statusCode(404);
        as(other).queryParam("size", 100).get("/api/v1/chat/sessions").then().statusCode(200).body("items.id", not(hasItem(id)));
        // asking for another user's sessions by filter shows none of them
        as(other).queryParam("user_id", user.id()).get("/api/v1/chat/sessions").then().statusCode(200).body("total", equalTo(0));
        as(viewer).get("/api/v1/chat/sessions/" + id).then().statusCode(404);

        as(admin).get("/api/v1/chat/sessions/" + id).then().statusCode(200).body("user_id", equalTo(user.id()));
        as(admin).get("/api/v1/chat/session-by-uid/" + uid).then().statusCode(200);
        as(admin).queryParam("user_id", user.id()).get("/api/v1/chat/sessions").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.user_id", everyItem(equalTo(user.id())));
        as(admin).queryParam("agent_id", agent).get("/api/v1/chat/sessions").then().statusCode(200)
                .body("items.id", hasItem(id)).body("items.agent_id", everyItem(equalTo(agent)));
    }

    @Test
    void aViewerReadsTheirOwnSessions() {
        // the user's sessions, read with a viewer's token (as after a change of role)
        String id = Chats.session(user, agent);
        Caller asViewer = new Caller(user.id(), user.username(), Role.VIEWER, Tokens.forUser(user.id(), user.username(), Role.VIEWER));
        as(asViewer).get("/api/v1/chat/sessions/" + id).then().statusCode(200);
        as(asViewer).get("/api/v1/chat/sessions").then().statusCode(200).body("items.id", hasItem(id));
        as(asViewer).get("/api/v1/chat/sessions/" + id + "/transcript").then().statusCode(200);
        as(asViewer).get("/api/v1/chat/sessions/" + id + "/messages").then().statusCode(200);
    }

    @Test
    void aSessionWhoseAgentBecameInvisibleIsAbsentToItsOwner() {
        String uid = Fixtures.unique("letta");
        int hidden = as(admin).body(Map.of("letta_uid", uid)).post("/api/v1/agents").then().statusCode(201).extract().path("id");
        String id = Chats.session(user, hidden);
        as(user).get("/api/v1/chat/sessions/" + id).then().statusCode(200);

        as(admin).body(Map.of("letta_uid", uid, "visible_to_roles", List.of("admin"))).put("/api/v1/agents/" + hidden)
                .then().statusCode(200);
        as(user).get("/api/v1/chat/sessions/" + id).then().statusCode(404);
        as(user).queryParam("size", 100).get("/api/v1/chat/sessions").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(admin).get("/api/v1/chat/sessions/" + id).then().statusCode(200);
    }

    @Test
    void theListShowsTheMostRecentlyActiveSessionFirst() {
        String older = Chats.session(user, agent);
        String newer = Chats.session(user, agent);
        List<String> ids = as(user).queryParam("size", 100).get("/api/v1/chat/sessions").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
        assertEquals(List.of(newer, older), ids.stream().filter(id -> id.equals(older) || id.equals(newer)).toList());

        Chats.message(user, older, "back to this one");
        ids = as(user).queryParam("size", 100).get("/api/v1/chat/sessions").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
        assertEquals(List.of(older, newer), ids.stream().filter(id -> id.equals(older) || id.equals(newer)).toList());
    }

    @Test
    void listsArePaged() {
        for (int i = 0; i < 3; i++) {
            Chats.session(other, agent);
        }
        Response first = as(other).queryParam("size", 2).get("/api/v1/chat/sessions").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("total", equalTo(3)).extract().response();
        Response second = as(other).queryParam("size", 2).queryParam("page", 1).get("/api/v1/chat/sessions").then().statusCode(200)
                .body("items.size()", equalTo(1)).extract().response();
        assertNotEquals(first.jsonPath().getList("items.id"), second.jsonPath().getList("items.id"));
        as(other).queryParam("size", 101).get("/api/v1/chat/sessions").then().statusCode(422);
        as(admin).queryParam("size", 100).get("/api/v1/chat/sessions").then().statusCode(200)
                .body("items.user_id", hasItems(other.id()));
    }
}
