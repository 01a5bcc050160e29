package io.animus.registry.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theDocumentListsEndpointsBodiesAndProblemResponses() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/agents/{id}"))
                .body("paths", hasKey("/api/v1/tools/{toolId}/plugins"))
                .body("paths", hasKey("/api/v1/tool-instances/{id}"))
                .body("components.schemas", hasKey("AgentRequest"))
                .body("components.schemas", hasKey("Problem"))
                .body("paths.'/api/v1/agents'.post.responses.'422'.'$ref'", equalTo("#/components/responses/UnprocessableContent"))
                .body("components.responses.UnprocessableContent.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/agents/{id}'.put.responses.'412'.'$ref'", equalTo("#/components/responses/PreconditionFailed"))
                .body("paths.'/api/v1/agents/{id}'.get.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("paths.'/api/v1/agents/{id}'.get.responses", not(hasKey("422")))
                .body("components.responses.Unauthorized.description", notNullValue());
    }
}
