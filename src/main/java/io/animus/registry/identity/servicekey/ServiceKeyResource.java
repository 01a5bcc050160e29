package io.animus.registry.identity.servicekey;

import io.animus.registry.identity.Roles;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
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

import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/** {@code /api/v1/service-keys}: the API keys of services such as Broca and of modules, managed by admins. */
@Tag(name = "Service keys", description = "Keys of services and modules (Broca, MCP, SMCP)")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/service-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ServiceKeyResource {

    @Inject
    ServiceKeyService keys;

    /** Issues a key; the answer shows it once, and never again. */
    @Operation(operationId = "createServiceKey", summary = "Issue a service key")
    @APIResponse(responseCode = "201", description = "The new key, shown this once", content = @Content(schema = @Schema(implementation = IssuedServiceKey.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull ServiceKeyRequest request) {
        IssuedServiceKey issued = keys.create(request);
        return Response.created(URI.create("/api/v1/service-keys/" + issued.id())).entity(issued)
                .header("Cache-Control", "no-store").build();
    }

    @Operation(operationId = "listServiceKeys", summary = "List the service keys")
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<ServiceKeyResponse> list(@BeanParam @Valid PageRequest page) {
        return keys.list(page);
    }

    @Operation(operationId = "getServiceKey", summary = "Get one service key")
    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public ServiceKeyResponse get(@PathParam("id") int id) {
        return keys.find(id).map(ServiceKeyResponse::from).orElseThrow(() -> ProblemException.notFound("No service key " + id));
    }

    /**
     * Rotates the key: a new key of the same name, role and scope, shown once in the answer, and the
     * old one revoked in the same step.
     */
    @Operation(operationId = "rotateServiceKey", summary = "Rotate a service key")
    @APIResponse(responseCode = "201", description = "The new key, shown this once; the old one is revoked", content = @Content(schema = @Schema(implementation = IssuedServiceKey.class)))
    @POST
    @Path("/{id}/rotate")
    @RolesAllowed(Roles.ADMIN)
    public Response rotate(@PathParam("id") int id) {
        IssuedServiceKey issued = keys.rotate(id);
        return Response.created(URI.create("/api/v1/service-keys/" + issued.id())).entity(issued)
                .header("Cache-Control", "no-store").build();
    }

    /** Revokes the key: from now on it authenticates nothing. The row stays, for the record. */
    @Operation(operationId = "revokeServiceKey", summary = "Revoke a service key")
    @POST
    @Path("/{id}/revoke")
    @RolesAllowed(Roles.ADMIN)
    public ServiceKeyResponse revoke(@PathParam("id") int id) {
        return ServiceKeyResponse.from(keys.revoke(id));
    }
}
