package io.animus.registry.config;

import java.util.HashMap;
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
import jakarta.ws.rs.DefaultValue;
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

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.Replacements;
import io.quarkus.panache.common.Sort;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The layered configurations (scope system, agent, tool or user) and the effective configuration they add up to. */
@Path("/api/v1/configurations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

    @Inject
    ConfigurationStore store;

    @Inject
    Replacements replacements;

    @Inject
    ConfigReadAccess access;

    @Inject
    SecretValues secrets;

    @Inject
    EffectiveConfigurations effective;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Page<ConfigurationResponse> list(@QueryParam("scope") String scope, @QueryParam("scope_id") Integer scopeId,
            @QueryParam("key") String key, @Valid @BeanParam PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        Scope wanted = ConfigParams.label(Scope.class, "scope", scope);
        if (wanted != null) {
            where.append(" and scope = :scope");
            parameters.put("scope", wanted);
        }
        if (scopeId != null) {
            where.append(" and scopeId = :scopeId");
            parameters.put("scopeId", scopeId);
        }
        if (key != null) {
            where.append(" and key = :key");
            parameters.put("key", key);
        }
        if (!access.isAdmin()) {
            where.append(" and (scope in :open or (scope = :agent and scopeId in :agents) or (scope = :user and scopeId = :me))");
            parameters.putAll(Map.of("open", List.of(Scope.SYSTEM, Scope.TOOL), "agent", Scope.AGENT, "user", Scope.USER,
                    "agents", withNone(access.visibleAgentIds()), "me", access.userId() == null ? -1 : access.userId()));
        }
        return Page.of(Configuration.find(where.toString(), Sort.by("id"), parameters), page, ConfigurationResponse::from);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Response get(@PathParam("id") int id) {
        Configuration entry = readable(id);
        return ETags.ok(ConfigurationResponse.from(entry), entry.updatedAt);
    }

    @GET
    @Path("{id}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response reveal(@PathParam("id") int id) {
        Configuration entry = readable(id);
        String plaintext = secrets.reveal(store.keyOf(entry), entry.value, entry.encrypted, RevealPurpose.REVEAL);
        return ETags.ok(ConfigurationResponse.withValue(entry, plaintext), entry.updatedAt);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response create(@NotNull @Valid ConfigurationRequest request) {
        ConfigurationStore.checkScope(request.scope(), request.scopeId());
        EntryKey key = EntryKey.configuration(request.scope(), request.scopeId(), request.key());
        EntryState state = store.requested(key, request.value(), request.type(), ConfigParams.encrypted(request.encrypted()),
                EntryState.emptyDetails().put("description", request.description()));
        Configuration entry = store.create(key, state, null);
        return ETags.created("/api/v1/configurations/" + entry.id, ConfigurationResponse.from(entry), entry.updatedAt);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response update(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = ConfigurationUpdate.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "patchConfiguration", summary = "Change the fields of a configuration that a JSON merge patch names")
    @APIResponseSchema(value = ConfigurationResponse.class, responseCode = "200", responseDescription = "The entry as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<ConfigurationUpdate, Configuration> replaceable(int id) {
        return new Replacements.Target<>(ConfigurationUpdate.class, () -> existing(id),
                (request, version) -> replace(id, version, request),
                ConfigurationResponse::from, entry -> entry.updatedAt);
    }

    /** The write of a {@code PUT} (or of a {@code PATCH} made whole), in one transaction. */
    @Transactional
    Configuration replace(int id, String ifMatch, ConfigurationUpdate request) {
        Configuration entry = store.lockForChange(existing(id), ifMatch);
        EntryState state = store.replacement(entry, request.value(), request.type(),
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

    /**
     * The effective configuration of an agent, a tool, or a tool instance (which implies both):
     * System → Agent → Tool → Instance, each key with its source and the sources it overrode.
     * Encrypted values are masked unless an admin asks {@code reveal=true}. Layers this replica holds
     * are answered on the I/O thread; a read of the database, or a reveal (audited), runs on a worker.
     */
    @GET
    @Path("effective")
    @NonBlocking
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public Uni<EffectiveConfiguration> effective(@QueryParam("agent_id") Integer agentId, @QueryParam("tool_id") Integer toolId,
            @QueryParam("tool_instance_id") Integer toolInstanceId, @QueryParam("reveal") @DefaultValue("false") Boolean reveal) {
        StoredLayers cached = reveal ? null : effective.cached(new LayerScope(agentId, toolId, toolInstanceId));
        if (cached != null) {
            return Uni.createFrom().item(() -> effective.shown(cached, false));
        }
        return Uni.createFrom().item(() -> effective.resolve(agentId, toolId, toolInstanceId, reveal))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Configuration existing(int id) {
        Configuration entry = Configuration.findById(id);
        if (entry == null) {
            throw ProblemException.notFound("No configuration has the id " + id);
        }
        return entry;
    }

    private Configuration readable(int id) {
        Configuration entry = Configuration.findById(id);
        if (entry == null || !access.canSee(entry.scope, entry.scopeId)) {
            throw ProblemException.notFound("No configuration has the id " + id);
        }
        return entry;
    }

    /** A list for an IN clause that is never empty: no id is negative. */
    static List<Integer> withNone(java.util.Collection<Integer> ids) {
        return ids.isEmpty() ? List.of(-1) : List.copyOf(ids);
    }
}
