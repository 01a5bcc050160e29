/**
 * The web layer shared by every feature: problem details, paging, entity tags, strict JSON, and the
 * top of the OpenAPI document ({@code /q/openapi}): what the API is, its license, where it is served,
 * and the ways a caller proves who it is (names in {@link io.animus.registry.web.RegistryApi}).
 */
@OpenAPIDefinition(
        info = @Info(title = "Animus Registry API", version = "1.0",
                description = "The configuration registry of the Animus agent platform: agents, tools, tool instances,"
                        + " plugins, layered configuration, users, service keys and web chat.",
                license = @License(name = "Apache 2.0", url = "https://www.apache.org/licenses/LICENSE-2.0.html")),
        servers = @Server(url = "/", description = "The registry that serves this document"),
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = RegistryApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                        bearerFormat = "JWT",
                        description = "A user's access token from POST /api/v1/auth/login or /api/v1/auth/refresh"),
                @SecurityScheme(securitySchemeName = RegistryApi.API_KEY, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.HEADER, apiKeyName = "X-Api-Key",
                        description = "A service key (Broca, modules) from POST /api/v1/service-keys: X-Api-Key: <key>"),
                @SecurityScheme(securitySchemeName = RegistryApi.API_KEY_AUTHORIZATION, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.HEADER, apiKeyName = "Authorization",
                        description = "The same service key in the authorization header: Authorization: ApiKey <key>") }))
package io.animus.registry.web;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
