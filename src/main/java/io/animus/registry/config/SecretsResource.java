package io.animus.registry.config;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/** The keys of encrypted values: rewrap under the current key, and the audit of reveals. Admins only. */
@Path("/api/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    @Inject
    SecretsRewrap rewrap;

    /** Re-encrypts every encrypted value under the current key; afterwards the old keys can be removed. */
    @POST
    @Path("rewrap")
    @RolesAllowed(Roles.ADMIN)
    public RewrapReport rewrap() {
        return rewrap.rewrap();
    }

    /** Who saw which encrypted value in plaintext, newest first, optionally of one entry. */
    @GET
    @Path("reveals")
    @RolesAllowed(Roles.ADMIN)
    public Page<SecretRevealResponse> reveals(@QueryParam("entry_key") String entryKey, @Valid @BeanParam PageRequest page) {
        return Page.of(SecretReveal.newestFirst(entryKey), page, SecretRevealResponse::from);
    }
}
