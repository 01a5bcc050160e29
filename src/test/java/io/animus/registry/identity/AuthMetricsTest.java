package io.animus.registry.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
public class AuthMetricsTest {

    private static final String SUCCESS = "animus_logins_total{outcome=\"success\",reason=\"none\"}";
    private static final String WRONG_PASSWORD = "animus_logins_total{outcome=\"failure\",reason=\"invalid_password\"}";
    private static final String UNKNOWN_USER = "animus_logins_total{outcome=\"failure\",reason=\"unknown_user\"}";

    /** The value of one series of {@code /q/metrics}, or 0 when it is absent. */
    public static double metric(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + "\\s+(\\S+)$", Pattern.MULTILINE).matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void countsSuccessfulAndFailedLoginsByReason() {
        Account user = Accounts.create(Role.VIEWER);
        double success = metric(SUCCESS);
        double wrong = metric(WRONG_PASSWORD);
        double unknown = metric(UNKNOWN_USER);

        Accounts.login(user.username(), user.password()).then().statusCode(200);
        Accounts.login(user.username(), "Not-The-Password-123").then().statusCode(401);
        Accounts.login(user.username(), "Not-The-Password-456").then().statusCode(401);
        Accounts.login(Accounts.unique("nobody"), "Not-The-Password-123").then().statusCode(401);

        assertEquals(success + 1, metric(SUCCESS));
        assertEquals(wrong + 2, metric(WRONG_PASSWORD));
        assertEquals(unknown + 1, metric(UNKNOWN_USER));
    }

    @Test
    void theMetricsNameNoUserAndNoSecret() {
        Account user = Accounts.create(Role.USER);
        Accounts.login(user.username(), user.password()).then().statusCode(200);
        Accounts.login(user.username(), "Not-The-Password-123").then().statusCode(401);
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(text.contains("animus_logins_total"));
        assertTrue(text.contains("animus_lockouts_total"));
        assertFalse(text.contains(user.username()));
        assertFalse(text.contains(user.password()));
        assertFalse(text.contains("Not-The-Password-123"));
    }
}
