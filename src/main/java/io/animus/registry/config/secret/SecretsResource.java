package io.animus.registry.config.secret;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/** The keys of encrypted values: rewrap under the current key, and the audit of reveals. Admins only. */
@Tag(name = "Secrets", description = "Encryption of secret values: key rotation and the audit of reveals")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    @Inject
    SecretsRewrap rewrap;

    /** Re-encrypts every encrypted value under the current key; afterwards the old keys can be removed. */
    @Operation(operationId = "rewrapSecrets", summary = "Re-encrypt every encrypted value with the current key")
    @POST
    @Path("rewrap")
    @RolesAllowed(Roles.ADMIN)
    public RewrapReport rewrap() {
        return rewrap.rewrap();
    }

    /** Who saw which encrypted value in plaintext, newest first, optionally of one entry. */
    @Operation(operationId = "listSecretReveals", summary = "List the audited reveals of secrets")
    @GET
    @Path("reveals")
    @RolesAllowed(Roles.ADMIN)
    public Page<SecretRevealResponse> reveals(@QueryParam("entry_key") String entryKey, @Valid @BeanParam PageRequest page) {
        return Page.of(SecretReveal.newestFirst(entryKey), page, SecretRevealResponse::from);
    }
}
