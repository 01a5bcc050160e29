package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A request URI or header fields past the registry's limits are refused with a problem naming the limit,
 * like every other refusal; requests just under the limits are served as usual.
 */
@QuarkusTest
class HttpLimitsTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void aUriPastItsLimitIsA414Problem() {
        given().get("/api/v1/agents?filler=" + "a".repeat(5000)).then().statusCode(414)
                .contentType("application/problem+json").body("status", equalTo(414))
                .body("title", equalTo("URI Too Long"))
                .body("detail", containsString("4096 characters"));
    }

    @Test
    void aUriUnderItsLimitIsServed() {
        // no token: the usual 401 problem, so the URI itself was accepted
        given().get("/api/v1/agents?filler=" + "a".repeat(3900)).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void headerFieldsPastTheirLimitAreA431Problem() {
        given().header("X-Filler", "b".repeat(25_000)).get("/api/v1/agents").then().statusCode(431)
                .contentType("application/problem+json").body("status", equalTo(431))
                .body("title", equalTo("Request Header Fields Too Large"))
                .body("detail", containsString("20480 bytes"));
        given().header("X-One", "c".repeat(12_000)).header("X-Two", "d".repeat(12_000)).get("/q/health/live")
                .then().statusCode(431).contentType("application/problem+json");
    }

    @Test
    void headerFieldsUnderTheirLimitAreServed() {
        given().header("X-Filler", "b".repeat(15_000)).get("/q/health/live").then().statusCode(200);
    }

    /** Over a raw connection, as any client sends it: the refusal is a complete problem answer. */
    @Test
    void aLongRequestLineOnARawConnectionGetsTheProblem() throws IOException {
        String answer = raw("GET /api/v1/agents?filler=" + "e".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"status\":414"), answer);
        String headers = raw("GET /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "f".repeat(30_000) + "\r\n\r\n");
        assertTrue(headers.startsWith("HTTP/1.1 431"), headers);
        assertTrue(headers.contains("\"status\":431"), headers);
    }

    /** Past the HTTP decoder's own ceiling (64 KiB) the decoder answers alone, with its bare status. */
    @Test
    void pastTheDecodersCeilingTheStatusStays() throws IOException {
        String answer = raw("GET /api/v1/agents?filler=" + "g".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.matches("(?s)HTTP/1\\.[01] 414 .*"), answer);
        assertTrue(!answer.toLowerCase().contains("problem+json"), "the decoder's answer has no body: " + answer);
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            try {
                while ((read = in.read(buffer)) > 0) {
                    answer.write(buffer, 0, read);
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // the connection was kept open, or reset after the answer: what came is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
