package io.animus.registry.identity;

import io.animus.registry.identity.servicekey.CurrentServiceKey;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** A test-only endpoint (left out of the OpenAPI document) of role module that shows what {@link CurrentServiceKey} reads, as a module's endpoint would. */
@Path("/test/identity/module-key")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleKeyProbe {

    @Inject
    CurrentServiceKey currentKey;

    @Operation(hidden = true)
    @GET
    @RolesAllowed(Roles.MODULE)
    public Map<String, Object> show() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("key_id", currentKey.id().orElse(null));
        currentKey.module().ifPresent(module -> {
            shown.put("module_key_id", module.keyId());
            shown.put("name", module.name());
            shown.put("scope", module.scope().label());
            shown.put("scope_id", module.scopeId());
        });
        return shown;
    }
}
