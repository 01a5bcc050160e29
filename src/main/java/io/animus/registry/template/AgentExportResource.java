package io.animus.registry.template;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Problem;
import io.animus.registry.web.RegistryApi;

/** {@code POST /api/v1/agents/{id}/export-template}: an agent as a template, in one call. Admins only. */
@Tag(name = "Templates")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/agents/{id}/export-template")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AgentExportResource {

    @Inject
    AgentExport export;

    @Inject
    TemplateService templates;

    @POST
    @Operation(operationId = "exportAgentTemplate", summary = "Export an agent as an agent template: secrets become parameters to be supplied")
    @APIResponse(responseCode = "201", description = "The template; Location names it", content = @Content(schema = @Schema(implementation = TemplateResponse.class)))
    @APIResponse(responseCode = "404", description = "No such agent", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "A template of this name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response export(@PathParam("id") int id, @Valid @NotNull ExportRequest request) {
        Template template = export.export(id, request);
        return ETags.created("/api/v1/templates/" + template.id, templates.show(template), template.updatedAt);
    }
}
