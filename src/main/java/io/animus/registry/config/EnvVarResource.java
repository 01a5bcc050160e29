package io.animus.registry.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.jboss.logging.Logger;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
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

    private static final Logger LOG = Logger.getLogger(EnvVarResource.class);

    @Inject
    EnvVarStore store;

    @Inject
    SecretValues secrets;

    @Inject
    CurrentUser currentUser;

    @Operation(operationId = "listEnvVars", summary = "List the environment variables")
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<EnvVarResponse> list(@QueryParam("var_name") String varName, @Valid @BeanParam PageRequest page) {
        return varName == null
                ? Page.of(EnvVar.findAll(Sort.by("varName")), page, EnvVarResponse::from)
                : Page.of(EnvVar.find("varName = :name", Sort.by("varName"), Parameters.with("name", varName)), page,
                        EnvVarResponse::from);
    }

    @Operation(operationId = "getEnvVar", summary = "Get one environment variable")
    @APIResponse(responseCode = "200", description = "The variable (an encrypted value masked), with its ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @GET
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response get(@PathParam("id") int id) {
        EnvVar entry = existing(id);
        return ETags.ok(EnvVarResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "revealEnvVar", summary = "Reveal an environment variable's value")
    @APIResponse(responseCode = "200", description = "The variable with its plaintext value", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("id") int id) {
        EnvVar entry = existing(id);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.varValue, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(EnvVarResponse.withValue(entry, plaintext), entry.updatedAt);
    }

    /**
     * Every variable as a dotenv file ({@link Dotenv}), encrypted values decrypted; each decrypted
     * value is recorded in {@code secret_reveals}, and the export in the log, without values.
     */
    @Operation(operationId = "exportEnvVars", summary = "Export the environment variables as dotenv")
    @GET
    @Path("export")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public String export() {
        List<EnvVar> all = EnvVar.list("order by varName");
        Map<String, String> variables = new LinkedHashMap<>();
        int decrypted = 0;
        for (EnvVar entry : all) {
            variables.put(entry.varName, secrets.reveal(store.keyOf(entry), entry.varValue, entry.encrypted, RevealPurpose.EXPORT));
            decrypted += entry.encrypted && entry.varValue != null ? 1 : 0;
        }
        LOG.infof("Environment variables exported as dotenv to user %s (id %s): %d variables, %d of them decrypted",
                currentUser.username(), currentUser.id(), all.size(), decrypted);
        return Dotenv.write(variables, Instant.now());
    }

    @Operation(operationId = "createEnvVar", summary = "Create an environment variable")
    @APIResponse(responseCode = "201", description = "The new variable, with its Location and ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response create(@NotNull @Valid EnvVarRequest request) {
        EntryKey key = EntryKey.envVar(request.varName());
        EntryState state = store.requested(key, request.varValue(), ValueType.STRING, ConfigParams.encrypted(request.encrypted()),
                EntryState.emptyDetails().put("description", request.description()));
        EnvVar entry = store.create(key, state, null);
        return ETags.created("/api/v1/env-vars/" + entry.id, EnvVarResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "replaceEnvVar", summary = "Replace an environment variable")
    @APIResponse(responseCode = "200", description = "The variable as stored, with its new ETag", content = @Content(schema = @Schema(implementation = EnvVarResponse.class)))
    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid EnvVarUpdate request) {
        EnvVar entry = store.lockForChange(existing(id), ifMatch);
        EntryState state = store.requested(store.keyOf(entry), request.varValue(), ValueType.STRING,
                ConfigParams.encrypted(request.encrypted()), EntryState.emptyDetails().put("description", request.description()));
        store.update(entry, state, null);
        return ETags.ok(EnvVarResponse.from(entry), entry.updatedAt);
    }

    @Operation(operationId = "deleteEnvVar", summary = "Delete an environment variable")
    @APIResponse(responseCode = "204", description = "The variable is deleted")
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(store.lockForChange(existing(id), ifMatch), null);
        return Response.noContent().build();
    }

    private static EnvVar existing(int id) {
        EnvVar entry = EnvVar.findById(id);
        if (entry == null) {
            throw ProblemException.notFound("No environment variable has the id " + id);
        }
        return entry;
    }
}
