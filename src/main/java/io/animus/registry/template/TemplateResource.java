package io.animus.registry.template;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.Replacements;

/** {@code /api/v1/templates}: templates of agents and tools, and their application. Admins only. */
@Tag(name = "Templates", description = "Templates of agents and tools: defined once, applied to make an agent or a tool with its settings")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class TemplateResource {

    @Inject
    TemplateService templates;

    @Inject
    TemplateApplication application;

    @Inject
    AgentExport export;

    @Inject
    Replacements replacements;

    @GET
    @Operation(operationId = "listTemplates", summary = "List the templates, of one kind or all")
    @APIResponse(responseCode = "200", description = "A page of templates")
    public Page<TemplateResponse> list(@QueryParam("kind") TemplateKind kind, @BeanParam @Valid PageRequest page) {
        return templates.list(kind, page);
    }

    @POST
    @Operation(operationId = "createTemplate", summary = "Define a template")
    @APIResponse(responseCode = "201", description = "Defined; Location names it", content = @Content(schema = @Schema(implementation = TemplateResponse.class)))
    @APIResponse(responseCode = "409", description = "A template of this name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The template breaks rules (each listed), such as a secret value in it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response create(@Valid @NotNull TemplateRequest request) {
        Template template = templates.create(request);
        return ETags.created("/api/v1/templates/" + template.id, templates.show(template), template.updatedAt);
    }

    @POST
    @Path("/export")
    @Operation(operationId = "exportAgentTemplate", summary = "Export an agent as an agent template: its secrets become parameters to be supplied")
    @APIResponse(responseCode = "201", description = "The template; Location names it", content = @Content(schema = @Schema(implementation = TemplateResponse.class)))
    @APIResponse(responseCode = "409", description = "A template of this name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "No such agent, or the agent makes a template that breaks a rule (each listed)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response export(@Valid @NotNull ExportRequest request) {
        Template template = export.export(request);
        return ETags.created("/api/v1/templates/" + template.id, templates.show(template), template.updatedAt);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getTemplate", summary = "Read a template")
    @APIResponse(responseCode = "200", description = "The template, with its ETag", content = @Content(schema = @Schema(implementation = TemplateResponse.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response get(@PathParam("id") int id) {
        Template template = templates.find(id).orElseThrow(() -> ProblemException.notFound("No template " + id));
        return ETags.ok(templates.show(template), template.updatedAt);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceTemplate", summary = "Replace a template")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = TemplateResponse.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match names an older version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The template breaks rules (each listed)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response replace(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = TemplateRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @Operation(operationId = "patchTemplate", summary = "Change the fields of a template that a JSON merge patch names")
    @APIResponseSchema(value = TemplateResponse.class, responseCode = "200", responseDescription = "The template as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<TemplateRequest, Template> replaceable(int id) {
        return new Replacements.Target<>(TemplateRequest.class,
                () -> templates.find(id).orElseThrow(() -> ProblemException.notFound("No template " + id)),
                (request, version) -> templates.update(id, request, version), templates::show, template -> template.updatedAt);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteTemplate", summary = "Delete a template; what it made stays")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match names an older version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        templates.delete(id, ifMatch);
    }

    @POST
    @Path("/{id}/apply")
    @Operation(operationId = "applyTemplate", summary = "Apply a template with the values it asks for: make the agent or tool, its settings and tool instances in one transaction")
    @APIResponse(responseCode = "201", description = "Made; Location names the agent or tool, the body lists everything made", content = @Content(schema = @Schema(implementation = AppliedTemplate.class)))
    @APIResponse(responseCode = "404", description = "No such template", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "A name the application would take is taken; nothing was made", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "Values missing or invalid, or what they make breaks a rule (each listed with its path); nothing was made", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response apply(@PathParam("id") int id, @Valid @NotNull ApplyRequest request) {
        AppliedTemplate applied = application.apply(id, request);
        return Response.created(java.net.URI.create(applied.location())).entity(applied).build();
    }
}
