package io.animus.registry.state;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;

/** The registry as one file: export it, plan a document against it, apply the plan. Admins only. */
@Tag(name = "State", description = "Declarative state: export, plan and apply the registry as a document")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/state")
@RolesAllowed(Roles.ADMIN)
public class StateResource {

    private static final String DOCUMENT = "The state document (JSON or YAML); its JSON Schema is served at /api/v1/state/schema";

    @Inject
    StateService state;

    @Inject
    StateDocuments documents;

    /** Every declared entry, secrets as {@code {secret: keep}}; YAML when the client accepts it (and not JSON first). */
    @Operation(operationId = "exportState", summary = "Export the registry's state as a document")
    @APIResponse(responseCode = "200", description = "The state document", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DOCUMENT)),
            @Content(mediaType = StateDocuments.YAML, schema = @Schema(type = SchemaType.STRING, description = DOCUMENT)) })
    @GET
    @Produces({MediaType.APPLICATION_JSON, StateDocuments.YAML})
    public Response export(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean yaml = prefersYaml(accept);
        return Response.ok(documents.write(state.export(), yaml), yaml ? StateDocuments.YAML : MediaType.APPLICATION_JSON).build();
    }

    @Operation(operationId = "getStateSchema", summary = "Get the JSON Schema of the state document")
    @APIResponse(responseCode = "200", description = "The JSON Schema (draft 2020-12)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @GET
    @Path("schema")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode schema() {
        return documents.schema();
    }

    /** What applying the document would create, change (field by field) and, with prune, delete; writes nothing. */
    @Operation(operationId = "planState", summary = "Plan a state document against the registry")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, description = DOCUMENT)),
            @Content(mediaType = StateDocuments.YAML, schema = @Schema(type = SchemaType.STRING, description = DOCUMENT)) })
    @APIResponse(responseCode = "200", description = "The plan, with the digest an apply must carry", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatePlan.class)))
    @POST
    @Path("plan")
    @Consumes({MediaType.APPLICATION_JSON, StateDocuments.YAML})
    @Produces(MediaType.APPLICATION_JSON)
    public StatePlan plan(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context UriInfo uri,
            @Parameter(description = "Also delete what the document leaves out (users excepted)", schema = @Schema(type = SchemaType.BOOLEAN,
                    defaultValue = "false")) @QueryParam("prune") String prune,
            String body) {
        return state.plan(documents.parse(body, StateDocuments.isYaml(contentType)), prune(uri, prune));
    }

    /** Applies the document in one transaction when the registry still has the plan's digest; 412 and nothing written otherwise. */
    @Operation(operationId = "applyState", summary = "Apply a planned state document")
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StateApplyRequest.class)),
            @Content(mediaType = StateDocuments.YAML, schema = @Schema(type = SchemaType.STRING,
                    description = "The same object as JSON: document and digest")) })
    @APIResponse(responseCode = "200", description = "The plan that was applied, with the digest of the state after it", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatePlan.class)))
    @APIResponse(responseCode = "412", description = "The registry has changed since the plan was made: nothing was written",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @POST
    @Path("apply")
    @Consumes({MediaType.APPLICATION_JSON, StateDocuments.YAML})
    @Produces(MediaType.APPLICATION_JSON)
    public StatePlan apply(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context UriInfo uri,
            @Parameter(description = "Also delete what the document leaves out (users excepted), as the plan did", schema = @Schema(
                    type = SchemaType.BOOLEAN, defaultValue = "false")) @QueryParam("prune") String prune,
            String body) {
        JsonNode request = documents.parse(body, StateDocuments.isYaml(contentType));
        if (!request.isObject() || !request.has("document")) {
            throw ProblemException.invalid("document", "is required: the body is {document, digest}");
        }
        JsonNode digest = request.get("digest");
        return state.apply(request.get("document"), digest == null || !digest.isTextual() ? null : digest.textValue(), prune(uri, prune));
    }

    /**
     * {@code prune}: absent is false; only {@code true} and {@code false} are taken. An empty value, which the
     * REST layer hands over as absent, is refused too: it is read from the query itself.
     */
    static boolean prune(UriInfo uri, String value) {
        List<String> given = uri.getQueryParameters().get("prune");
        if (given != null && given.stream().anyMatch(String::isEmpty)) {
            throw ProblemException.badRequest("'' is not a boolean: prune is true or false");
        }
        if (value == null) {
            return false;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ProblemException.badRequest("'" + value + "' is not a boolean: prune is true or false");
    }

    /** YAML when the Accept header names it before JSON (or names it alone). */
    static boolean prefersYaml(String accept) {
        if (accept == null) {
            return false;
        }
        int yaml = -1;
        for (String name : new String[] {StateDocuments.YAML, "application/x-yaml", "text/yaml"}) {
            int at = accept.indexOf(name);
            if (at >= 0 && (yaml < 0 || at < yaml)) {
                yaml = at;
            }
        }
        int json = accept.indexOf(MediaType.APPLICATION_JSON);
        return yaml >= 0 && (json < 0 || yaml < json);
    }
}
