package io.animus.registry.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /api/v1/webhooks}: registration and its rules, the write-only secret, deliveries, ping and redelivery. */
@QuarkusTest
class WebhookResourceTest {

    private static final String URL = "http://127.0.0.1:9/hooks";

    @Inject
    Fixtures fixtures;

    @Inject
    AgroalDataSource dataSource;

    private Caller admin;
    private Sql sql;

    @BeforeEach
    void setUp() {
        admin = fixtures.caller(Role.ADMIN);
        sql = new Sql(dataSource);
    }

    @AfterEach
    void removeWebhooks() {
        // no webhook outlives its test: other suites raise events and compare tables
        sql.update("DELETE FROM webhooks");
    }

    @Test
    void anAdminRegistersAWebhookAndItsSecretIsStoredSealedAndNeverShown() {
        var created = Webhooks.as(admin).body(Webhooks.body(URL, List.of("account.locked", "key.rotated"), Webhooks.SECRET))
                .post("/api/v1/webhooks").then().statusCode(201)
                .header("Location", containsString("/api/v1/webhooks/")).header("ETag", notNullValue())
                .body("url", equalTo(URL)).body("events", equalTo(List.of("account.locked", "key.rotated")))
                .body("is_active", equalTo(true)).body("created_by", equalTo(admin.id()))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")))
                .body(not(containsString(Webhooks.SECRET))).extract();
        int id = created.path("id");
        String stored = sql.value(String.class, "SELECT secret FROM webhooks WHERE id = ?", id);
        assertTrue(stored.startsWith("enc:v1:"), "the secret is sealed with the registry's key: " + stored.substring(0, 7));
        assertTrue(!stored.contains(Webhooks.SECRET));

        Webhooks.as(admin).get("/api/v1/webhooks/" + id).then().statusCode(200).body("id", equalTo(id))
                .body(not(containsString(Webhooks.SECRET))).body(not(containsString("enc:v1:")));
        Webhooks.as(admin).get("/api/v1/webhooks").then().statusCode(200).body("items.id", hasItem(id))
                .body(not(containsString("enc:v1:")));
    }

    @Test
    void aReplacementWithoutSecretKeepsItAndOneWithASecretChangesIt() {
        int id = Webhooks.create(admin, URL, "ping");
        String sealed = sql.value(String.class, "SELECT secret FROM webhooks WHERE id = ?", id);
        String etag = Webhooks.as(admin).get("/api/v1/webhooks/" + id).then().extract().header("ETag");

        Webhooks.as(admin).header("If-Match", etag).body(Map.of("url", URL + "/v2", "events", List.of("ping", "secret.revealed"),
                "description", "ops channel")).put("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("url", equalTo(URL + "/v2")).body("description", equalTo("ops channel"));
        assertEquals(sealed, sql.value(String.class, "SELECT secret FROM webhooks WHERE id = ?", id));

        Webhooks.as(admin).header("If-Match", etag).body(Webhooks.body(URL, List.of("ping"), "another-secret-of-16+"))
                .put("/api/v1/webhooks/" + id).then().statusCode(412).contentType(containsString("application/problem+json"));
        Webhooks.as(admin).body(Webhooks.body(URL, List.of("ping"), "another-secret-of-16+")).put("/api/v1/webhooks/" + id)
                .then().statusCode(200);
        assertNotEquals(sealed, sql.value(String.class, "SELECT secret FROM webhooks WHERE id = ?", id));
    }

    @Test
    void urlsThatAreNotHttpOrCarryCredentialsAreRefused() {
        for (String bad : List.of("ftp://example.org/hooks", "not a url", "/relative/path", "http:///no-host", "file:///etc/passwd",
                "http://user:password@example.org/hooks", "https://example.org/hooks#fragment", "javascript:alert(1)")) {
            Webhooks.as(admin).body(Webhooks.body(bad, List.of("ping"), Webhooks.SECRET)).post("/api/v1/webhooks").then()
                    .statusCode(422).contentType(containsString("application/problem+json")).body("errors[0].field", equalTo("url"));
        }
        Webhooks.as(admin).body(Webhooks.body("https://hooks.example.org/animus?x=1", List.of("ping"), Webhooks.SECRET))
                .post("/api/v1/webhooks").then().statusCode(201);
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM webhooks"));
    }

    @Test
    void unknownOrMissingEventsAndAShortOrMissingSecretAreRefused() {
        Webhooks.as(admin).body(Webhooks.body(URL, List.of("agent.deleted"), Webhooks.SECRET)).post("/api/v1/webhooks").then()
                .statusCode(422).body("detail", containsString("agent.deleted")).body("detail", containsString("account.locked"));
        Webhooks.as(admin).body(Webhooks.body(URL, List.of(), Webhooks.SECRET)).post("/api/v1/webhooks").then()
                .statusCode(422).body("errors.field", hasItem("events"));
        Webhooks.as(admin).body(Webhooks.body(URL, List.of("ping"), "short")).post("/api/v1/webhooks").then()
                .statusCode(422).body("errors.field", hasItem("secret"));
        Webhooks.as(admin).body(Webhooks.body(URL, List.of("ping"), null)).post("/api/v1/webhooks").then()
                .statusCode(422).body("errors.field", hasItem("secret"));
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM webhooks"), "nothing is half-written");
    }

    @Test
    void onlyAdminsManageWebhooks() {
        int id = Webhooks.create(admin, URL, "ping");
        for (Role role : List.of(Role.USER, Role.VIEWER)) {
            Caller caller = fixtures.caller(role);
            Webhooks.as(caller).body(Webhooks.body(URL, List.of("ping"), Webhooks.SECRET)).post("/api/v1/webhooks").then()
                    .statusCode(403).contentType(containsString("application/problem+json"));
            Webhooks.as(caller).get("/api/v1/webhooks").then().statusCode(403);
            Webhooks.as(caller).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(403);
            Webhooks.as(caller).post("/api/v1/webhooks/" + id + "/ping").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(Webhooks.body(URL, List.of("ping"), Webhooks.SECRET)).post("/api/v1/webhooks")
                .then().statusCode(401);
        assertEquals(1L, sql.value(Long.class, "SELECT count(*) FROM webhooks"));
    }

    @Test
    void aPingIsQueuedForThatWebhookAloneAndListedWithItsEvent() {
        int id = Webhooks.create(admin, URL, "account.locked");
        int other = Webhooks.create(admin, URL, "ping");
        var ping = Webhooks.as(admin).post("/api/v1/webhooks/" + id + "/ping").then().statusCode(202)
                .header("Location", containsString("/api/v1/webhooks/" + id + "/deliveries/"))
                .body("event_type", equalTo("ping")).body("status", equalTo("pending")).body("attempts", equalTo(0))
                .body("data.webhook_id", equalTo(id)).body("event_id", notNullValue()).extract();
        long delivery = ((Number) ping.path("id")).longValue();
        Webhooks.as(admin).get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo((int) delivery));
        Webhooks.as(admin).get("/api/v1/webhooks/" + id + "/deliveries?status=delivered").then().statusCode(200).body("total", equalTo(0));
        Webhooks.as(admin).get("/api/v1/webhooks/" + other + "/deliveries").then().statusCode(200).body("total", equalTo(0));
        Webhooks.as(admin).get("/api/v1/webhooks/" + other + "/deliveries/" + delivery).then().statusCode(404);
        Webhooks.as(admin).get("/api/v1/webhooks/" + id + "/deliveries/" + delivery).then().statusCode(200)
                .body("next_attempt_at", notNullValue()).body("delivered_at", nullValue());
        Webhooks.as(admin).get("/api/v1/webhooks/" + id + "/deliveries?status=sent").then().statusCode(400);
    }

    @Test
    void aPendingDeliveryIsNotRedeliveredAndAnInactiveWebhookTakesNoPing() {
        int id = Webhooks.create(admin, URL, "ping");
        long delivery = Webhooks.ping(admin, id);
        Webhooks.as(admin).post("/api/v1/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(409)
                .body("detail", containsString("pending"));
        Webhooks.as(admin).post("/api/v1/webhooks/" + id + "/deliveries/999999999/redeliver").then().statusCode(404);
        Webhooks.as(admin).body(Map.of("url", URL, "events", List.of("ping"), "is_active", false)).put("/api/v1/webhooks/" + id)
                .then().statusCode(200).body("is_active", equalTo(false));
        Webhooks.as(admin).post("/api/v1/webhooks/" + id + "/ping").then().statusCode(409);
    }

    @Test
    void deletingAWebhookRemovesItsDeliveries() {
        int id = Webhooks.create(admin, URL, "ping");
        Webhooks.ping(admin, id);
        Webhooks.as(admin).header("If-Match", "\"stale\"").delete("/api/v1/webhooks/" + id).then().statusCode(412);
        Webhooks.as(admin).delete("/api/v1/webhooks/" + id).then().statusCode(204);
        Webhooks.as(admin).get("/api/v1/webhooks/" + id).then().statusCode(404);
        assertEquals(0L, sql.value(Long.class, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ?", id));
    }
}
