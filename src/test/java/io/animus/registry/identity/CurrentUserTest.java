package io.animus.registry.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Accounts.Account;
import io.animus.registry.tool.Tool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** {@link CurrentUser} reads the access token, and its reference fills created_by. */
@QuarkusTest
class CurrentUserTest {

    private static final String PROBE = "/test/identity/current-user";

    @Test
    void readsTheUserRoleAndSessionOfTheToken() throws Exception {
        Account viewer = Accounts.create(Role.VIEWER);
        String token = Accounts.accessToken(viewer);
        String sid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ForgedTokens.claims(token)).get("sid").asText();
        given().auth().oauth2(token).get(PROBE).then().statusCode(200)
                .body("authenticated", equalTo(true))
                .body("id", equalTo(viewer.id()))
                .body("username", equalTo(viewer.username()))
                .body("role", equalTo("viewer"))
                .body("admin", equalTo(false))
                .body("session_id", equalTo(sid));
        given().auth().oauth2(Accounts.adminToken()).get(PROBE).then().statusCode(200)
                .body("role", equalTo("admin")).body("admin", equalTo(true));
        given().get(PROBE).then().statusCode(200).body("authenticated", equalTo(false));
    }

    @Test
    void theReferenceFillsCreatedByWithTheCaller() {
        Account user = Accounts.create(Role.USER);
        int toolId = given().auth().oauth2(Accounts.accessToken(user)).post(PROBE + "/tool").then().statusCode(200)
                .extract().path("id");
        Integer createdBy = QuarkusTransaction.requiringNew().call(() -> Tool.<Tool>findById(toolId).createdBy.id);
        assertEquals(user.id(), createdBy);
    }

    @Test
    void anAnonymousCallerCannotCreateAnything() {
        long tools = QuarkusTransaction.requiringNew().call(() -> Tool.count());
        given().post(PROBE + "/tool").then().statusCode(401).contentType("application/problem+json");
        assertEquals(tools, QuarkusTransaction.requiringNew().call(() -> Tool.count()));
    }
}
