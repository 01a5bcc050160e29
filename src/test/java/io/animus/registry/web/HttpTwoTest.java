package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests over HTTP/2 in clear text (the upgrade from HTTP/1.1 that the JDK's client and
 * {@code curl --http2} make) are served as over HTTP/1.1: a DELETE has no body and no length, and
 * is answered, not refused with a 500.
 */
@QuarkusTest
class HttpTwoTest {

    private static final HttpClient HTTP_2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    @TestHTTPResource("/")
    URL root;

    @Inject
    Fixtures fixtures;

    @Test
    void aDeleteOverHttp2IsServed() throws IOException, InterruptedException {
        Fixtures.Caller admin = fixtures.caller(Role.ADMIN);
        // the upgrade happens on the connection's first request, so the DELETE itself crosses HTTP/2
        HttpResponse<String> warmUp = HTTP_2.send(request(admin, "/q/health/live").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, warmUp.version(), "the connection was upgraded to HTTP/2");
        int tool = given().header("Authorization", admin.bearer()).contentType("application/json")
                .body(Map.of("name", Fixtures.unique("h2-delete"))).post("/api/v1/tools").then().statusCode(201).extract().path("id");

        HttpResponse<String> deleted = HTTP_2.send(request(admin, "/api/v1/tools/" + tool).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(HttpClient.Version.HTTP_2, deleted.version());
        assertEquals(204, deleted.statusCode(), deleted.body());
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool).then().statusCode(404);
    }

    @Test
    void aRefusedDeleteOverHttp2IsItsProblem() throws IOException, InterruptedException {
        Fixtures.Caller admin = fixtures.caller(Role.ADMIN);
        HTTP_2.send(request(admin, "/q/health/live").GET().build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> missing = HTTP_2.send(request(admin, "/api/v1/tools/987654321").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(HttpClient.Version.HTTP_2, missing.version());
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), missing.body());
    }

    private HttpRequest.Builder request(Fixtures.Caller caller, String path) {
        return HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).header("Authorization", caller.bearer());
    }
}
