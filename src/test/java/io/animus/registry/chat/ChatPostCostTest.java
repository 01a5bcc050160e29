package io.animus.registry.chat;

import static io.animus.registry.chat.Chats.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * What posting a chat message costs the database: the access check as one query and the insert, and no
 * statement naming the transaction's author, since chat tables are not in the change feed; a write to a
 * followed table by the same caller still names its author.
 */
@QuarkusTest
class ChatPostCostTest {

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Inject
    DataSource dataSource;

    /** The fewest statements one post took over a few tries (another part of the service may use the database meanwhile). */
    private long statementsOfAPost(Caller caller, String session) {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            statistics.clear();
            post(caller, session, "counted").then().statusCode(201);
            fewest = Math.min(fewest, statistics.getPrepareStatementCount());
        }
        return fewest;
    }

    @Test
    void aPostIsTheAccessCheckAndTheInsertWithoutNamingItsAuthor() {
        Caller admin = fixtures.caller(Role.ADMIN);
        Caller user = fixtures.caller(Role.USER);
        int agent = Chats.agent(admin);
        String mine = Chats.session(user, agent);
        post(user, mine, "warm").then().statusCode(201);
        assertEquals(2, statementsOfAPost(user, mine), "a user's post: the session's owner and agent, then the insert");
        String adminsOwn = Chats.session(admin, agent);
        assertEquals(2, statementsOfAPost(admin, adminsOwn), "an admin's post");
    }

    @Test
    void aFollowedWriteAfterAPostStillNamesItsAuthor() {
        Caller admin = fixtures.caller(Role.ADMIN);
        int agent = Chats.agent(admin);
        String session = Chats.session(admin, agent);
        for (int i = 0; i < 4; i++) {
            post(admin, session, "before the write " + i).then().statusCode(201);
            String key = Fixtures.unique("chat.cost");
            int id = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("config_key", key, "config_value", "v", "config_type", "string"))
                    .post("/api/v1/system-config").then().statusCode(201).extract().path("id");
            Integer by = new Sql(dataSource).value(Integer.class,
                    "SELECT by_user FROM changes WHERE table_name = 'system_config' AND row_id = ?", (long) id);
            assertEquals(admin.id(), by, "the change of system_config " + id + " names its author");
        }
    }
}
