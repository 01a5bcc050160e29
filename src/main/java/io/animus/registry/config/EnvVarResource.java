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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import com.fasterxml.jackson.databind.JsonNode;

import org.jboss.logging.Logger;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Environment variables for Animus processes on their hosts: admins only, and exportable as a dotenv file. */
@Path("/api/v1/env-vars")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EnvVarResource {

    private static final Logger LOG = Logger.getLogger(EnvVarResource.class);

    @Inject
    EnvVarStore store;

    @Inject
    Replacements replacements;

    @Inject
    SecretValues secrets;

    @Inject
    CurrentUser currentUser;

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<EnvVarResponse> list(@QueryParam("var_name") String varName, @Valid @BeanParam PageRequest page) {
        return varName == null
                ? Page.of(EnvVar.findAll(Sort.by("varName")), page, EnvVarResponse::from)
                : Page.of(EnvVar.find("varName = :name", Sort.by("varName"), Parameters.with("name", varName)), page,
                        EnvVarResponse::from);
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response get(@PathParam("id") int id) {
        EnvVar entry = existing(id);
        return ETags.ok(EnvVarResponse.from(entry), entry.updatedAt);
    }

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
        return new Replacements.Target<>(EnvVarUpdate.class, () -> existing(id),
                (request, version) -> replace(id, version, request),
                EnvVarResponse::from, entry -> entry.updatedAt);
    }

    /** The write of a {@code PUT} (or of a {@code PATCH} made whole), in one transaction. */
    @Transactional
    EnvVar replace(int id, String ifMatch, EnvVarUpdate request) {
        EnvVar entry = store.lockForChange(existing(id), ifMatch);
        EntryState state = store.replacement(entry, request.varValue(), ValueType.STRING,
                ConfigParams.encrypted(request.encrypted()), EntryState.emptyDetails().put("description", request.description()));
        return store.update(entry, state, null);
    }

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
