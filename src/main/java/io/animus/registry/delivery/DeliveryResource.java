package io.animus.registry.delivery;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.config.layer.StoredLayers;
import io.animus.registry.identity.Roles;
import io.animus.registry.stats.UsageCounters;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A module's own configuration, for the module key bound to it. An unchanged configuration is
 * answered from this replica's memory on the I/O thread; a read of the database, a first delivery
 * of a secret (audited) and a full answer run on a worker thread; a long poll holds nothing but a
 * timer ({@link HeldRequests}).
 */
@Tag(name = "Delivery", description = "A module's own configuration, with its secrets, for its service key")
@SecurityRequirementsSet(@SecurityRequirement(name = RegistryApi.API_KEY))
@SecurityRequirementsSet(@SecurityRequirement(name = RegistryApi.API_KEY_AUTHORIZATION))
@Path("/api/v1/delivery/configuration")
public class DeliveryResource {

    static final int MAX_WAIT_SECONDS = 300;

    @Inject
    SecurityIdentity identity;

    @Inject
    ConfigurationDelivery delivery;

    @Inject
    HeldRequests held;

    @Inject
    UsageCounters usage;

    /**
     * The effective configuration of the key's scope with its secrets, as JSON or (with
     * {@code Accept: text/plain}) dotenv. {@code ETag} is its version; {@code If-None-Match} with it
     * answers 304; with {@code wait} (1–300 s) as well, the request is held until the configuration
     * changes (200) or the wait ends (304).
     */
    @Operation(operationId = "getDeliveredConfiguration", summary = "Get the configuration of the calling module's scope, with its secrets")
    @APIResponse(responseCode = "200", description = "The configuration, as JSON or (Accept: text/plain) dotenv, with its ETag", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveredConfiguration.class)),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "304", description = "The configuration is still the version If-None-Match names")
    @GET
    @NonBlocking
    @RolesAllowed(Roles.MODULE)
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    public Uni<Response> configuration(@QueryParam("wait") String wait, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Context HttpHeaders headers) {
        Duration hold = waitOf(wait);
        boolean dotenv = prefersDotenv(headers.getAcceptableMediaTypes());
        ModuleBinding binding = ModuleBindings.of(identity);
        StoredLayers cached = delivery.cached(binding);
        if (cached != null) {
            return answer(binding, cached, ifNoneMatch, hold, dotenv);
        }
        return Uni.createFrom().item(() -> delivery.current(binding)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(layers -> answer(binding, layers, ifNoneMatch, hold, dotenv));
    }

    private Uni<Response> answer(ModuleBinding binding, StoredLayers layers, String ifNoneMatch, Duration hold, boolean dotenv) {
        usage.deliveryRead(layers.agentId(), layers.toolId(), layers.instance() == null ? null : layers.instance().id());
        if (!ETags.noneMatchNames(ifNoneMatch, layers.version())) {
            return Uni.createFrom().item(() -> delivery.render(binding, layers, dotenv))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        if (hold == null) {
            return Uni.createFrom().item(ConfigurationDelivery.notModified(layers.version()));
        }
        return held.hold(binding, layers.version(), dotenv, hold);
    }

    /** The wait of a long poll: whole seconds from 1 to 300, or none. */
    static Duration waitOf(String wait) {
        if (wait == null) {
            return null;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(wait.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
            String message = "must be a whole number of seconds from 1 to " + MAX_WAIT_SECONDS;
            throw new ProblemException(400, "wait: " + message, List.of(new Problem.FieldError("wait", message)));
        }
        return Duration.ofSeconds(seconds);
    }

    /** Dotenv when the client prefers {@code text/plain} to JSON. */
    static boolean prefersDotenv(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }
}
