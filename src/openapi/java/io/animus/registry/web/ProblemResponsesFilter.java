package io.animus.registry.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the error answers of every operation in the served OpenAPI document: each refusal is a
 * {@code Problem} in {@code application/problem+json}, described once under
 * {@code components.responses} and referred to by every operation that can give it.
 * It runs when the application is built, so the document is complete in the artifact and nothing
 * of it is computed at start.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String RESPONSES = "#/components/responses/";

    /** A refusal described once under components.responses, under this name. */
    private record Refusal(String name, String description) {
    }

    /** Each refusal by status; operations refer to it. */
    private static final Map<String, Refusal> REFUSALS = new LinkedHashMap<>();

    static {
        REFUSALS.put("400", new Refusal("BadRequest", "The request is malformed: unreadable JSON or a query parameter of the wrong form"));
        REFUSALS.put("401", new Refusal("Unauthorized", "No valid credentials: an access token, or a service key where the operation takes one"));
        REFUSALS.put("403", new Refusal("Forbidden", "The caller's role does not allow this operation"));
        REFUSALS.put("404", new Refusal("NotFound", "No such resource, or one the caller may not see"));
        REFUSALS.put("409", new Refusal("Conflict",
                "The change conflicts with the registry's state: a duplicate name, or other entries that still refer to this one"));
        REFUSALS.put("410", new Refusal("Gone", "What the request names existed, but is no longer kept"));
        REFUSALS.put("412", new Refusal("PreconditionFailed", "If-Match names a version that is no longer current"));
        REFUSALS.put("413", new Refusal("PayloadTooLarge", "The body is larger than allowed"));
        REFUSALS.put("415", new Refusal("UnsupportedMediaType",
                "The body is not application/json (application/merge-patch+json for PATCH)"));
        REFUSALS.put("422", new Refusal("UnprocessableContent", "The body breaks a rule; errors names each field"));
        REFUSALS.put("414", new Refusal("UriTooLong", "The request URI is longer than the registry allows"));
        REFUSALS.put("431", new Refusal("RequestHeaderFieldsTooLarge", "The request's header fields are larger than the registry allows"));
        REFUSALS.put("500", new Refusal("InternalServerError",
                "The registry failed: an encrypted value its keys cannot decrypt, or a fault whose problem names the log line"));
        REFUSALS.put("503", new Refusal("ServiceUnavailable", "The database is unavailable or did not answer in time"));
    }

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
            add(operation, "400");
            add(operation, "404");
            if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(ProblemResponsesFilter::checked)) {
                add(operation, "422");
            }
            if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.PATCH) {
                add(operation, "409");
                add(operation, "413");
                add(operation, "415");
                add(operation, "422");
            }
            if (takesIfMatch(operation)) {
                add(operation, "412");
            }
            if (method == PathItem.HttpMethod.DELETE) {
                add(operation, "409");
            }
            if (path.startsWith("/api/")) {
                add(operation, "401");
                add(operation, "403");
                add(operation, "414");
                add(operation, "431");
            }
            add(operation, "500");
            add(operation, "503");
            describeMergePatch(operation);
        }));
        // each refusal that an operation refers to (here or by @APIResponse(ref = ...)) is described once
        openAPI.getPaths().getPathItems().values().stream().flatMap(item -> item.getOperations().values().stream())
                .flatMap(operation -> operation.getResponses().getAPIResponses().values().stream())
                .map(APIResponse::getRef).filter(java.util.Objects::nonNull).distinct()
                .forEach(ref -> REFUSALS.values().stream().filter(refusal -> ref.equals(RESPONSES + refusal.name())).findFirst()
                        .ifPresent(refusal -> openAPI.getComponents().addResponse(refusal.name(),
                                OASFactory.createAPIResponse().description(refusal.description()).content(problemContent()))));
    }

    /** A parameter whose value can break a rule: a query parameter (page=-1, size=1000), a text in the path (a NUL character). */
    private static boolean checked(Parameter parameter) {
        return parameter.getIn() == Parameter.In.QUERY || parameter.getIn() == Parameter.In.PATH && parameter.getSchema() != null
                && parameter.getSchema().getType() != null && parameter.getSchema().getType().contains(Schema.SchemaType.STRING);
    }

    private static boolean takesIfMatch(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "If-Match".equalsIgnoreCase(parameter.getName()));
    }

    /** A merge patch is an object whose members replace, or with null remove, those of the representation. */
    private static void describeMergePatch(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        org.eclipse.microprofile.openapi.models.media.MediaType patch =
                operation.getRequestBody().getContent().getMediaType(MergePatch.MEDIA_TYPE);
        if (patch != null) {
            patch.setSchema(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("An RFC 7396 JSON merge"
                    + " patch of the representation that GET answers: each member replaces the field of its name, null removes it"));
        }
    }

    /** Answers {@code status} with a reference to its shared problem response, replacing one described in place. */
    private static void add(Operation operation, String status) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        operation.getResponses().addAPIResponse(status,
                OASFactory.createAPIResponse().ref(RESPONSES + REFUSALS.get(status).name()));
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    /** The problem's schema, its properties in RFC 9457's order (a fixed order, so that every build writes the same document). */
    private static Schema problemSchema() {
        Map<String, Schema> fieldErrorProperties = new LinkedHashMap<>();
        fieldErrorProperties.put("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        fieldErrorProperties.put("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(fieldErrorProperties);
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        properties.put("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
        properties.put("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        properties.put("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("An RFC 9457 problem detail").properties(properties);
    }
}
