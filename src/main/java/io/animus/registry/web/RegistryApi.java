package io.animus.registry.web;

/**
 * The names of the security schemes of the OpenAPI document ({@code /q/openapi}, described in this
 * package's {@code package-info.java}): each operation names the schemes it takes
 * ({@code @SecurityRequirement(name = RegistryApi.BEARER)}), or none when it is public.
 */
public final class RegistryApi {

    /** The scheme of users' access tokens: {@code Authorization: Bearer <token>}. */
    public static final String BEARER = "Bearer";
    /** The scheme of service keys (Broca, modules) in their own header: {@code X-Api-Key: <key>}. */
    public static final String API_KEY = "ApiKey";
    /** The same service keys in the authorization header: {@code Authorization: ApiKey <key>}. */
    public static final String API_KEY_AUTHORIZATION = "ApiKeyAuthorization";

    private RegistryApi() {
    }
}
