package io.animus.registry.config.envvar;

import io.animus.registry.config.EntryService;

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
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;


import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;


/** Environment variables for Animus processes on their hosts: admins only, and exportable as a dotenv file. */
@Tag(name = "Environment variables", description = "Environment variables handed to the platform")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/env-vars")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EnvVarResource {

    @Inject
    EnvVarStore envVars;

    @Inject
    Replacements replacements;

    @Operation(operationId = "listEnvVars", summary = "List the environment variables")
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<EnvVarResponse> list(@QueryParam("var_name") String varName, @Valid @BeanParam PageRequest page) {
        return envVars.list(varName, page);
    }

    @Operation(operationId = "getEnvVar", summary = "Get one environment variable")
    @APIResponse(responseCode = "200", description = "The variable (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @GET
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response get(@PathParam("id") int id) {
        EnvVar entry = envVars.get(id);
        return ETags.ok(EnvVarResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealEnvVar", summary = "Reveal an environment variable's value")
    @APIResponse(responseCode = "200", description = "The variable with its plaintext value", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    public Response reveal(@PathParam("id") int id) {
        EntryService.Revealed<EnvVar> revealed = envVars.reveal(id);
        return ETags.ok(EnvVarResponse.withValue(revealed.entry(), revealed.plaintext()), revealed.entry().updatedAt);
    }

    /** Every variable as a dotenv file, encrypted values decrypted and each decryption audited. */
    @Operation(operationId = "exportEnvVars", summary = "Export the environment variables as dotenv")
    @GET
    @Path("export")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    @RolesAllowed(Roles.ADMIN)
    public String export() {
        return envVars.export();
    }

    @Operation(operationId = "createEnvVar", summary = "Create an environment variable")
    @APIResponse(responseCode = "201", description = "The new variable, with its Location and ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid EnvVarRequest request) {
        EnvVar entry = envVars.create(request);
        return ETags.created("/api/v1/env-vars/" + entry.id, EnvVarResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceEnvVar", summary = "Replace an environment variable")
    @APIResponse(responseCode = "200", description = "The variable as stored, with its new ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = EnvVarUpdate.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchEnvVar", summary = "Change the fields of an environment variable that a JSON merge patch names")
    @APIResponseSchema(value = EnvVarResponse.class, responseCode = "200", responseDescription = "The entry as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<EnvVarUpdate, EnvVar> replaceable(int id) {
        return new Replacements.Target<>(EnvVarUpdate.class, () -> envVars.get(id),
                (request, version) -> envVars.replace(id, request, version), EnvVarResponse::from, entry -> entry.updatedAt);
    }

    @Operation(operationId = "deleteEnvVar", summary = "Delete an environment variable")
    @APIResponse(responseCode = "204", description = "The variable is deleted")
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        envVars.delete(id, ifMatch);
        return Response.noContent().build();
    }
}
