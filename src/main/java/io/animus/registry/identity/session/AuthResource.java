package io.animus.registry.identity.session;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.identity.user.UserService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;

/** Login, token refresh, logout and the caller's own sessions. */
@Tag(name = "Authentication", description = "Sign-in, token refresh, sign-out and the caller's own sessions")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Authenticator authenticator;

    @Inject
    CurrentUser currentUser;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Operation(operationId = "login", summary = "Sign in with a username and password")
    @SecurityRequirements
    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Signed in: an access token and a refresh token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "429", description = "Too many failed logins from this client address; try again after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before the next login from this address",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response login(@Valid @NotNull LoginRequest body, @Context HttpServerRequest request) {
        return tokens(authenticator.login(body, ClientInfo.of(request)));
    }

    @Operation(operationId = "refreshTokens", summary = "Exchange a refresh token for new tokens")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "A new access token and refresh token", content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @POST
    @Path("refresh")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refresh(@Valid @NotNull RefreshRequest body, @Context HttpServerRequest request) {
        return tokens(authenticator.refresh(body.refreshToken(), ClientInfo.of(request)));
    }

    /**
     * Ends the session of the refresh token in the body or, without a body, the session of the access
     * token. The body is optional, so it is read here rather than by a typed parameter, which would
     * refuse a request without a {@code Content-Type}; it is read as bytes, so that a body that is not
     * UTF-8 is refused (400) like any other unreadable JSON.
     */
    @Operation(operationId = "logout", summary = "End a session")
    @RequestBody(required = false, description = "The refresh token of the session to end; without a body, the access token's session ends",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefreshRequest.class)))
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = RegistryApi.BEARER))
    @APIResponse(responseCode = "204", description = "The session has ended")
    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response logout(byte[] body) throws IOException {
        if (body != null && !new String(body, StandardCharsets.UTF_8).isBlank()) {
            RefreshRequest request = json.readValue(body, RefreshRequest.class);
            if (request == null) {
                throw ProblemException.invalid("refresh_token", "is required: the body is null");
            }
            Set<ConstraintViolation<RefreshRequest>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            authenticator.logout(request.refreshToken());
            return Response.noContent().build();
        }
        if (!currentUser.isAuthenticated()) {
            throw UserService.unauthenticated();
        }
        String sessionId = currentUser.sessionId();
        if (sessionId == null) {
            throw ProblemException.invalid("refresh_token", "is required: the access token names no session");
        }
        QuarkusTransaction.requiringNew().run(
                () -> UserSession.delete("id = ?1 and user.id = ?2", sessionId, currentUser.id()));
        return Response.noContent().build();
    }

    @Operation(operationId = "listOwnSessions", summary = "List the caller's live sessions")
    @GET
    @Path("sessions")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    public Page<SessionResponse> sessions(@BeanParam @Valid PageRequest page) {
        String current = currentUser.sessionId();
        return Page.of(UserSession.findLiveOfUser(currentUser.id(), java.time.Instant.now()), page,
                session -> SessionResponse.from(session, current));
    }

    /** Ends one of the caller's sessions; an admin may end anyone's. Another user's session is a 404. */
    @Operation(operationId = "revokeSession", summary = "End one of the caller's sessions (an admin: anyone's)")
    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    public void revoke(@PathParam("id") String id) {
        boolean ended = QuarkusTransaction.requiringNew().call(() -> currentUser.isAdmin()
                ? UserSession.delete("id", id) > 0
                : UserSession.delete("id = ?1 and user.id = ?2", id, currentUser.id()) > 0);
        if (!ended) {
            throw ProblemException.notFound("No session with this id");
        }
    }

    /** Token answers are never cached (RFC 6749, section 5.1). */
    private static Response tokens(TokenResponse tokens) {
        return Response.ok(tokens).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
