package io.animus.registry.chat;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Agents, chat sessions, messages and service keys made through the API, for the chat tests. */
final class Chats {

    private Chats() {
    }

    static RequestSpecification as(Caller caller) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON);
    }

    static RequestSpecification asService(String key) {
        return given().header("Authorization", "ApiKey " + key).contentType(ContentType.JSON);
    }

    /** A new active agent visible to everyone. */
    static int agent(Caller admin) {
        return agent(admin, Map.of());
    }

    /** A new agent with these fields besides a fresh letta_uid. */
    static int agent(Caller admin, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("letta_uid", Fixtures.unique("letta"));
        return as(admin).body(body).post("/api/v1/agents").then().statusCode(201).extract().path("id");
    }

    static Response open(Caller caller, int agentId) {
        return as(caller).body(Map.of("agent_id", agentId)).post("/api/v1/chat/sessions");
    }

    /** A new session of {@code caller} with the agent; its id. */
    static String session(Caller caller, int agentId) {
        return open(caller, agentId).then().statusCode(201).extract().path("id");
    }

    static Response post(Caller caller, String sessionId, String text) {
        return as(caller).body(Map.of("message", text)).post("/api/v1/chat/sessions/" + sessionId + "/messages");
    }

    /** A new message of {@code caller} in the session; its id. */
    static int message(Caller caller, String sessionId, String text) {
        return post(caller, sessionId, text).then().statusCode(201).extract().path("id");
    }

    /** A new service key of role broca; the key itself. */
    static String brocaKey(Caller admin) {
        return as(admin).body(Map.of("name", Fixtures.unique("broca"))).post("/api/v1/service-keys")
                .then().statusCode(201).extract().path("key");
    }

    static Response claim(String key, Integer limit, Integer leaseSeconds) {
        Map<String, Object> body = new HashMap<>();
        if (limit != null) {
            body.put("limit", limit);
        }
        if (leaseSeconds != null) {
            body.put("lease_seconds", leaseSeconds);
        }
        return asService(key).body(body).post("/api/v1/chat/broca/claim");
    }

    static Response ack(String key, int messageId, int brocaMessageId, String claimToken) {
        Map<String, Object> body = new HashMap<>();
        body.put("broca_message_id", brocaMessageId);
        if (claimToken != null) {
            body.put("claim_token", claimToken);
        }
        return asService(key).body(body).post("/api/v1/chat/broca/messages/" + messageId + "/ack");
    }

    /** A batch acknowledgement of the messages {@code ids}, each under Broca id {@code brocaBase + id}. */
    static Response ackBatch(String key, String claimToken, List<Integer> ids, int brocaBase) {
        List<Map<String, Object>> messages = new java.util.ArrayList<>();
        for (int id : ids) {
            messages.add(Map.of("id", id, "broca_message_id", brocaBase + id));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("messages", messages);
        if (claimToken != null) {
            body.put("claim_token", claimToken);
        }
        return asService(key).body(body).post("/api/v1/chat/broca/ack");
    }

    /** The ids of the messages a claim answered. */
    static List<Integer> ids(Response claim) {
        return claim.then().statusCode(200).extract().jsonPath().getList("messages.id", Integer.class);
    }
}
