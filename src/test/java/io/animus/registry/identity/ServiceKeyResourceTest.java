package io.animus.registry.identity;

import io.animus.registry.identity.servicekey.ServiceKeys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** {@code /api/v1/service-keys}: admins issue keys, which are shown once, stored as hashes, and revoked. */
@QuarkusTest
class ServiceKeyResourceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    Caller admin;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
    }

    private Response create(Caller caller, Map<String, Object> body) {
        return given().header("Authorization", caller.bearer()).contentType(ContentType.JSON).body(body).post("/api/v1/service-keys");
    }

    @Test
    void theKeyIsShownOnceAndOnlyItsHashIsStored() {
        String name = Fixtures.unique("broca");
        Response created = create(admin, Map.of("name", name));
        created.then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/service-keys/\\d+"))
                .header("Cache-Control", "no-store")
                .body("name", equalTo(name))
                .body("role", equalTo("broca"))
                .body("created_by", equalTo(admin.id()))
                .body("key", matchesPattern("animus_sk_[A-Za-z0-9_-]{43}"));
        int id = created.path("id");
        String key = created.path("key");

        Map<String, Object> stored = new Sql(dataSource).rows("SELECT * FROM service_keys WHERE id = ?", id).get(0);
        assertEquals(ServiceKeys.hash(key), stored.get("key_hash"));
        assertFalse(stored.containsValue(key), "the key itself is nowhere in the row");

        given().header("Authorization", admin.bearer()).get("/api/v1/service-keys/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("is_revoked", equalTo(false)).body("$", not(org.hamcrest.Matchers.hasKey("key")))
                .body("$", not(org.hamcrest.Matchers.hasKey("key_hash")));
        String list = given().header("Authorization", admin.bearer()).queryParam("size", 100).get("/api/v1/service-keys")
                .then().statusCode(200).body("items.name", hasItem(name)).extract().asString();
        assertFalse(list.contains(key), "no list shows a key");
        assertFalse(list.contains("key_hash"), "no list shows a hash");
    }

    @Test
    void aNameNamesOneKeyInUseAndIsFreeAgainOnceRevoked() {
        String name = Fixtures.unique("broca");
        int first = create(admin, Map.of("name", name)).then().statusCode(201).extract().path("id");
        create(admin, Map.of("name", name.toUpperCase())).then().statusCode(409);

        given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/" + first + "/revoke")
                .then().statusCode(200).body("is_revoked", equalTo(true)).body("revoked_at", notNullValue());
        create(admin, Map.of("name", name)).then().statusCode(201);
    }

    @Test
    void revokingTwiceKeepsTheFirstRevocation() {
        int id = create(admin, Map.of("name", Fixtures.unique("broca"))).then().statusCode(201).extract().path("id");
        String first = given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/" + id + "/revoke")
                .then().statusCode(200).extract().path("revoked_at");
        given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/" + id + "/revoke")
                .then().statusCode(200).body("revoked_at", equalTo(first));
        given().header("Authorization", admin.bearer()).post("/api/v1/service-keys/999999/revoke").then().statusCode(404);
        given().header("Authorization", admin.bearer()).get("/api/v1/service-keys/999999").then().statusCode(404);
    }

    @Test
    void aKeyNeedsANameOfItsOwnAndAKnownRole() {
        create(admin, Map.of("name", "")).then().statusCode(422).body("errors.field", hasItem("name"));
        create(admin, Map.of("name", "has space")).then().statusCode(422).body("errors.field", hasItem("name"));
        create(admin, Map.of("name", Fixtures.unique("svc"), "role", "admin")).then().statusCode(422).body("errors.field", hasItem("role"));
        create(admin, Map.of("name", Fixtures.unique("svc"), "role", "broca")).then().statusCode(201);
        create(admin, Map.of()).then().statusCode(422);
    }

    @Test
    void onlyAdminsManageKeys() {
        for (Role role : List.of(Role.USER, Role.VIEWER)) {
            Caller caller = fixtures.caller(role);
            create(caller, Map.of("name", Fixtures.unique("broca"))).then().statusCode(403);
            given().header("Authorization", caller.bearer()).get("/api/v1/service-keys").then().statusCode(403);
            given().header("Authorization", caller.bearer()).post("/api/v1/service-keys/1/revoke").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/v1/service-keys").then().statusCode(401);
        given().get("/api/v1/service-keys").then().statusCode(401);

        // a service key cannot issue keys either
        String key = create(admin, Map.of("name", Fixtures.unique("broca"))).then().statusCode(201).extract().path("key");
        given().header("Authorization", "ApiKey " + key).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("b")))
                .post("/api/v1/service-keys").then().statusCode(403);
        given().header("Authorization", "ApiKey " + key).get("/api/v1/service-keys").then().statusCode(403)
                .body("status", equalTo(403)).body("detail", notNullValue()).body("errors", nullValue());
    }
}
