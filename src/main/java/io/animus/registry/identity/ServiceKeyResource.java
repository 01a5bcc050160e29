package io.animus.registry.identity;

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

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/** {@code /api/v1/service-keys}: the API keys of services such as Broca and of modules, managed by admins. */
@Path("/api/v1/service-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ServiceKeyResource {

    @Inject
    ServiceKeyService keys;

    /** Issues a key; the answer shows it once, and never again. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull ServiceKeyRequest request) {
        IssuedServiceKey issued = keys.create(request);
        return Response.created(URI.create("/api/v1/service-keys/" + issued.id())).entity(issued)
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<ServiceKeyResponse> list(@BeanParam @Valid PageRequest page) {
        return keys.list(page);
    }

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
    @POST
    @Path("/{id}/rotate")
    @RolesAllowed(Roles.ADMIN)
    public Response rotate(@PathParam("id") int id) {
        IssuedServiceKey issued = keys.rotate(id);
        return Response.created(URI.create("/api/v1/service-keys/" + issued.id())).entity(issued)
                .header("Cache-Control", "no-store").build();
    }

    /** Revokes the key: from now on it authenticates nothing. The row stays, for the record. */
    @POST
    @Path("/{id}/revoke")
    @RolesAllowed(Roles.ADMIN)
    public ServiceKeyResponse revoke(@PathParam("id") int id) {
        return ServiceKeyResponse.from(keys.revoke(id));
    }
}
