package io.animus.registry.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

import io.animus.registry.console.auth.ConsoleCookies;
import io.animus.registry.console.auth.ConsoleGate;
import io.animus.registry.identity.Accounts;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.animus.registry.identity.session.UserSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Sign-in, refusals, cookies, renewal and sign-out of the console, in headless Chromium. */
@QuarkusTest
class SignInBrowserTest extends InBrowser {

    @Test
    void visitorSeesTheSignInPageAndAUserSignsInToTheAgents() {
        Accounts.Account user = Accounts.create(Role.USER);
        browser.go("/agents");
        assertEquals("/", browser.path(), "an anonymous visitor is sent to sign in");
        browser.screenshot("sign-in");
        assertTrue(browser.accessibilityViolations().isEmpty(), () -> browser.accessibilityViolations().toString());

        browser.signIn(user.username(), user.password());

        assertEquals("/agents", browser.path());
        assertEquals(user.username() + " (user)", browser.find(".who").getText());
        assertEquals(1, sessionsOf(user.id()), "one session row per sign-in");
    }

    @Test
    void wrongPasswordIsRefusedWithTheApiMessage() {
        Accounts.Account user = Accounts.create(Role.VIEWER);
        browser.signIn(user.username(), "not the password at all");

        assertEquals("The username or password is incorrect, or the account cannot sign in at the moment",
                browser.find("#sign-in-error").getText());
        assertFalse(browser.has("#sign-out"));
        assertEquals(0, sessionsOf(user.id()));
    }

    @Test
    void aLockedAccountCannotSignInEvenWithItsPassword() {
        Accounts.Account user = Accounts.create(Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            Accounts.login(user.username(), "wrong password " + i).then().statusCode(401);
        }
        // The failures above locked the account; its short test lockout is lengthened so the browser
        // surely meets it.
        QuarkusTransaction.requiringNew().run(() -> {
            User stored = User.findById(user.id());
            assertNotNull(stored.lockedUntil, "five failures lock the account");
            stored.lockedUntil = Instant.now().plusSeconds(60);
        });

        browser.signIn(user.username(), user.password());

        assertEquals("/sign-in", browser.path());
        assertEquals("The username or password is incorrect, or the account cannot sign in at the moment",
                browser.find("#sign-in-error").getText());
        assertEquals(0, sessionsOf(user.id()));
    }

    @Test
    void tokensAreHttpOnlyStrictCookiesThatNoScriptReads() {
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());

        for (String name : new String[] { ConsoleCookies.SESSION, ConsoleCookies.ACCESS }) {
            Cookie cookie = browser.driver.manage().getCookieNamed(name);
            assertNotNull(cookie, name);
            assertTrue(cookie.isHttpOnly(), name + " is HttpOnly");
            assertEquals("Strict", cookie.getSameSite(), name + " is SameSite=Strict");
        }
        String visible = (String) browser.script("return document.cookie;");
        assertFalse(visible.contains(ConsoleCookies.SESSION) || visible.contains(ConsoleCookies.ACCESS), visible);
    }

    @Test
    void aMissingOrExpiredAccessTokenIsRenewedFromTheSession() {
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());
        String first = browser.driver.manage().getCookieNamed(ConsoleCookies.ACCESS).getValue();

        browser.driver.manage().deleteCookieNamed(ConsoleCookies.ACCESS);
        browser.go("/agents");

        assertEquals("/agents", browser.path(), "still signed in");
        Cookie renewed = browser.driver.manage().getCookieNamed(ConsoleCookies.ACCESS);
        assertNotNull(renewed);
        assertNotEquals(first, renewed.getValue());
        assertEquals(1, sessionsOf(user.id()), "the same session, not a new sign-in");
    }

    @Test
    void signOutEndsTheSessionAndItsCookiesNoLongerOpenThePages() {
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());
        String session = browser.driver.manage().getCookieNamed(ConsoleCookies.SESSION).getValue();
        String access = browser.driver.manage().getCookieNamed(ConsoleCookies.ACCESS).getValue();

        browser.find("#sign-out").click();
        browser.waitUntil(() -> browser.has("#sign-in"));

        assertEquals("/", browser.path());
        assertEquals(0, sessionsOf(user.id()), "sign-out deletes the session row");
        given().redirects().follow(false).cookie(ConsoleCookies.SESSION, session).cookie(ConsoleCookies.ACCESS, access)
                .get("/agents").then().statusCode(303).header("Location", equalTo(console.toString().replaceAll("/$", "") + "/"));
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        Accounts.Account user = Accounts.create(Role.USER);
        browser.signIn(user.username(), user.password());

        browser.script("document.querySelector('input[name=\"csrf-token\"]').remove();");
        browser.find("#sign-out").click();
        browser.waitUntil(() -> !browser.message().isEmpty());

        assertEquals(ConsoleGate.CSRF_REFUSED, browser.message());
        assertEquals(1, sessionsOf(user.id()), "the session was not ended");
        browser.go("/agents");
        assertEquals("/agents", browser.path());
    }

    @Test
    void aJsonApiCallNeedsNoCsrfTokenAndGetsNoConsoleCookie() {
        Accounts.Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), user.password()).then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(Accounts.accessToken(user)).get("/api/v1/agents").then().statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    static long sessionsOf(int userId) {
        return QuarkusTransaction.requiringNew().call(() -> UserSession.count("user.id", userId));
    }
}
