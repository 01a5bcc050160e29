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

    @Test
    void theBatchAcknowledgementIsDocumentedWithItsBodyAndRefusals() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/chat/broca/ack'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/BatchAcknowledgeRequest"))
                .body("components.schemas.BatchAcknowledgeRequest.properties", hasKey("claim_token"))
                .body("components.schemas.BatchAcknowledgeRequest.properties", hasKey("messages"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/AcknowledgedBatch"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'404'.'$ref'", equalTo("#/components/responses/NotFound"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'409'.'$ref'", equalTo("#/components/responses/Conflict"))
                .body("paths.'/api/v1/chat/broca/ack'.post.responses.'422'.'$ref'", equalTo("#/components/responses/UnprocessableContent"));
    }
}
