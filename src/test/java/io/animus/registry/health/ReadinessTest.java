package io.animus.registry.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReadinessTest {

    @Inject
    DataSource dataSource;

    @Test
    void readinessWaitsForEveryChangesetOfTheChangelog() {
        long applied = new Sql(dataSource).value(Long.class, "SELECT count(*) FROM databasechangelog");
        assertEquals(applied, SchemaReadiness.countChangesets(), "the changelog count matches what Liquibase applied");
        assertTrue(applied >= 15);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Database schema' }.status", equalTo("UP"));
    }

    @Test
    void livenessDoesNotDependOnTheDatabase() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", not(hasItem("Database connections health check")))
                .body("checks.name", not(hasItem("Database schema")));
    }

    @Test
    void everyAnswerCarriesARequestId() {
        given().header("X-Request-Id", "abc-123").get("/q/health/live").then().header("X-Request-Id", "abc-123");
        given().header("X-Request-Id", "bad id; with spaces").get("/q/health/live").then()
                .header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }
}
