package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;

/** A console page leaves the service as UTF-8, every character of it; the API answers the same name as JSON. */
@QuarkusTest
class ConsolePageEncodingTest {

    @Test
    void aPageCarriesEveryCharacterOfANameAsUtf8() {
        String name = "Athéna — ☃ " + Accounts.unique("n");
        int id = ConsoleFixtures.agent(name);
        CookieFilter cookies = new CookieFilter();
        ConsoleRefusalsTest.signIn(cookies, Accounts.create(Role.ADMIN));

        var page = given().filter(cookies).get("/agent?id=" + id).then().statusCode(200)
                .contentType(containsString("text/html")).header("Content-Type", containsString("UTF-8")).extract();
        byte[] body = page.asByteArray();
        assertTrue(contains(body, name.getBytes(StandardCharsets.UTF_8)), "the name's UTF-8 bytes are in the page");
        assertTrue(!contains(body, name.getBytes(StandardCharsets.ISO_8859_1)), "and not a Latin-1 rendering of it");
        assertArrayEquals(body, new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), "the page is well-formed UTF-8");
        assertTrue(page.header("Content-Length") == null || Integer.parseInt(page.header("Content-Length")) == body.length,
                "the declared length is the length in bytes");
    }

    @Test
    void anApiAnswerWithTheSameNameIsJsonNotAPage() {
        String name = "Monday — ☂ " + Accounts.unique("n");
        int id = ConsoleFixtures.agent(name);
        given().auth().oauth2(Accounts.adminToken()).get("/api/v1/agents/" + id).then().statusCode(200)
                .contentType(ContentType.JSON).body("name", equalTo(name));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
