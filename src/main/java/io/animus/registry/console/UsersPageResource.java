package io.animus.registry.console;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.identity.session.AuthResource;
import io.animus.registry.identity.user.CreateUserRequest;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.user.PasswordChangeRequest;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.session.SessionResponse;
import io.animus.registry.identity.user.UpdateUserRequest;
import io.animus.registry.identity.user.UserResource;
import io.animus.registry.identity.user.UserResponse;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's users page (admins: create, change role, deactivate, unlock, see and end sessions) and
 * everyone's own profile (password, own sessions), through the API's user and session resources.
 */
@Path("/")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class UsersPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(Viewer viewer, String nav, List<UserResponse> users, Pages pages);

        static native TemplateInstance profile(Viewer viewer, String nav, UserResponse me, List<SessionResponse> sessions);
    }

    @Inject
    UserResource users;

    @Inject
    AuthResource auth;

    @Inject
    CurrentUser user;

    @GET
    @Path("users")
    public TemplateInstance list(@QueryParam("page") @DefaultValue("0") int page) {
        io.animus.registry.web.Page<UserResponse> shown = users.list(PageRequest.of(page, PageRequest.MAX_SIZE), null, null);
        return Templates.users(Viewer.of(user), "users", shown.items(), Pages.of(shown, "/users", ""));
    }

    @POST
    @Path("users/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("username") String username, @FormParam("email") String email,
            @FormParam("password") String password, @FormParam("role") String role) {
        users.create(new CreateUserRequest(username, email, password, role(role), null, null));
        return reload("/users");
    }

    @POST
    @Path("users/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@FormParam("id") int id, @FormParam("role") String role) {
        users.update(id, new UpdateUserRequest(null, role(role), null, null, null), null);
        return reload("/users");
    }

    @POST
    @Path("users/deactivate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deactivate(@FormParam("id") int id) {
        users.deactivate(id);
        return reload("/users");
    }

    @POST
    @Path("users/unlock")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlock(@FormParam("id") int id) {
        users.unlock(id);
        return reload("/users");
    }

    @POST
    @Path("users/end-sessions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endSessions(@FormParam("id") int id) {
        users.revokeSessions(id);
        return reload("/users");
    }

    @GET
    @Path("profile")
    public TemplateInstance profile() {
        UserResponse me = (UserResponse) users.me().getEntity();
        return Templates.profile(Viewer.of(user), "profile", me, auth.sessions(PageRequest.of(0, PageRequest.MAX_SIZE)).items());
    }

    @POST
    @Path("profile/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@FormParam("old_password") String oldPassword, @FormParam("new_password") String newPassword) {
        users.changePassword(new PasswordChangeRequest(oldPassword, newPassword));
        return reload("/profile");
    }

    /** Ends one of the caller's sessions (an admin may end anyone's), as the API's session list does. */
    @POST
    @Path("profile/end-session")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endSession(@FormParam("session") String session) {
        auth.revoke(session);
        return reload("/profile");
    }

    private static Role role(String label) {
        try {
            return label == null ? null : Role.valueOf(label.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("role", "must be admin, user or viewer");
        }
    }

    private static Response reload(String location) {
        return Response.noContent().header("HX-Redirect", location).build();
    }
}
