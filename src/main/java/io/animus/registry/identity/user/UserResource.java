package io.animus.registry.identity.user;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.identity.session.SessionResponse;
import io.animus.registry.identity.session.UserSession;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.ETags;
import io.animus.registry.web.ListFilter;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.quarkus.panache.common.Sort;

/** User accounts: admins manage them all; every user reads their own and changes their password. */
@Tag(name = "Users", description = "User accounts, roles, lockout and sessions")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    @Operation(operationId = "listUsers", summary = "List the users")
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<UserResponse> list(@BeanParam @Valid PageRequest page, @QueryParam("role") String role,
            @QueryParam("is_active") String isActive) {
        ListFilter filter = new ListFilter().equal("role", "role", UserRules.roleParameter(role))
                .equal("active", "active", UserRules.booleanParameter("is_active", isActive));
        return Page.of(User.find(filter.query(), Sort.by("id"), filter.parameters()), page, UserResponse::from);
    }

    @Operation(operationId = "createUser", summary = "Create a user")
    @APIResponse(responseCode = "201", description = "The new user, with its Location and ETag", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull CreateUserRequest body) {
        User user = users.create(body);
        return ETags.created("/api/v1/users/" + user.id, UserResponse.from(user), user.updatedAt);
    }

    /** Accounts from another system with their bcrypt hashes, so that their passwords keep working. */
    @Operation(operationId = "importUsers", summary = "Import users with their bcrypt password hashes")
    @APIResponse(responseCode = "200", description = "The usernames created, updated and skipped", content = @Content(schema = @Schema(implementation = UserImportResponse.class)))
    @POST
    @Path("import")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public UserImportResponse importUsers(@Valid @NotNull UserImportRequest body) {
        return users.importUsers(body);
    }

    @Operation(operationId = "getUser", summary = "Get one user")
    @APIResponse(responseCode = "200", description = "The user, with its ETag", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @GET
    @Path("{id: \\d+}")
    @RolesAllowed(Roles.ADMIN)
    public Response get(@PathParam("id") int id) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserService::notFound);
        return ETags.ok(UserResponse.from(user), user.updatedAt);
    }

    @Operation(operationId = "patchUser", summary = "Change some fields of a user")
    @APIResponse(responseCode = "200", description = "The user as stored, with its new ETag", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @PATCH
    @Path("{id: \\d+}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public Response update(@PathParam("id") int id, @Valid @NotNull UpdateUserRequest body,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        User user = users.update(id, body, ifMatch);
        return ETags.ok(UserResponse.from(user), user.updatedAt);
    }

    /** Deactivates the user (the row stays, for the audit trail) and ends their sessions. */
    @Operation(operationId = "deactivateUser", summary = "Deactivate a user and end their sessions")
    @DELETE
    @Path("{id: \\d+}")
    @RolesAllowed(Roles.ADMIN)
    public void deactivate(@PathParam("id") int id) {
        users.deactivate(id);
    }

    @Operation(operationId = "unlockUser", summary = "Unlock a locked-out user")
    @APIResponse(responseCode = "200", description = "The user, unlocked, with its new ETag", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @POST
    @Path("{id: \\d+}/unlock")
    @RolesAllowed(Roles.ADMIN)
    public Response unlock(@PathParam("id") int id) {
        User user = users.unlock(id);
        return ETags.ok(UserResponse.from(user), user.updatedAt);
    }

    @Operation(operationId = "listUserSessions", summary = "List a user's live sessions")
    @GET
    @Path("{id: \\d+}/sessions")
    @RolesAllowed(Roles.ADMIN)
    public Page<SessionResponse> sessions(@PathParam("id") int id, @BeanParam @Valid PageRequest page) {
        User.<User>findByIdOptional(id).orElseThrow(UserService::notFound);
        String current = currentUser.sessionId();
        return Page.of(UserSession.findLiveOfUser(id, java.time.Instant.now()), page,
                session -> SessionResponse.from(session, current));
    }

    @Operation(operationId = "revokeUserSessions", summary = "End all sessions of a user")
    @DELETE
    @Path("{id: \\d+}/sessions")
    @RolesAllowed(Roles.ADMIN)
    public void revokeSessions(@PathParam("id") int id) {
        users.revokeSessions(id);
    }

    @Operation(operationId = "getCurrentUser", summary = "Get the caller's own account")
    @APIResponse(responseCode = "200", description = "The caller's account, with its ETag", content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @GET
    @Path("me")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    public Response me() {
        User user = User.<User>findByIdOptional(currentUser.id()).filter(u -> u.active)
                .orElseThrow(UserService::unauthenticated);
        return ETags.ok(UserResponse.from(user), user.updatedAt);
    }

    /** Changes the caller's password; their other sessions end, this one stays. */
    @Operation(operationId = "changePassword", summary = "Change the caller's password")
    @PUT
    @Path("me/password")
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Consumes(MediaType.APPLICATION_JSON)
    public void changePassword(@Valid @NotNull PasswordChangeRequest body) {
        users.changeOwnPassword(currentUser.id(), currentUser.sessionId(), body);
    }
}
