package io.animus.registry.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the error answers of every operation in the served OpenAPI document: each refusal is a
 * {@code Problem} in {@code application/problem+json}, with the statuses the operation can give.
 * It runs when the application is built, so the document is complete in the artifact and nothing
 * of it is computed at start.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            add(operation, "400", "The request is malformed: unreadable JSON or a query parameter of the wrong form");
            add(operation, "404", "No such resource, or one the caller may not see");
            if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
                add(operation, "409", "The change conflicts with the registry's state, such as a duplicate name");
                add(operation, "413", "The body is larger than allowed");
                add(operation, "415", "The body is not application/json");
                add(operation, "422", "The body breaks a rule; errors names each field");
            }
            if (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.DELETE) {
                add(operation, "412", "If-Match names a version that is no longer current");
            }
            if (method == PathItem.HttpMethod.DELETE) {
                add(operation, "409", "Other entries still refer to this one");
            }
            if (path.startsWith("/api/")) {
                add(operation, "401", "No valid bearer access token");
                add(operation, "403", "The caller's role does not allow this operation");
            }
            add(operation, "503", "The database is unavailable");
        }));
    }

    private static void add(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().hasAPIResponse(status)) {
            APIResponse existing = operation.getResponses().getAPIResponse(status);
            existing.setContent(problemContent());
            return;
        }
        operation.getResponses().addAPIResponse(status,
                OASFactory.createAPIResponse().description(description).content(problemContent()));
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(Map.of(
                "field", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                "message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail")
                .properties(Map.of(
                        "type", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                        "title", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                        "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                        "detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING),
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError)));
    }
}
