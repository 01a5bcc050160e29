package io.animus.registry.console.auth;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.console.ConsoleConfig;
import io.animus.registry.console.ConsoleForm;
import io.animus.registry.identity.session.Authenticator;
import io.animus.registry.identity.session.ClientInfo;
import io.animus.registry.identity.session.LoginRequest;
import io.animus.registry.identity.session.TokenResponse;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The console's front door at {@code /}: the sign-in form for a visitor, the agents for a signed-in
 * user; sign-in opens a session exactly as {@code POST /api/v1/auth/login} does (same accounts, same
 * lockout, a session row), and sign-out ends it.
 */
@Path("/")
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class SignInPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(String username, String message);
    }

    @Inject
    Authenticator authenticator;

    @Inject
    SecurityIdentity identity;

    @Inject
    ConsoleConfig config;

    @GET
    public Response home() {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create("/agents")).build();
        }
        return Response.ok(Templates.signIn("", null)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password,
            @Context HttpServerRequest request, @Context HttpServerResponse response) {
        String name = username == null ? "" : username.strip();
        if (name.isEmpty() || password == null || password.isEmpty()) {
            return page(400, name, "Enter your username and password");
        }
        if (name.length() > 255 || password.length() > 1024) {
            return page(400, "", "The username or password is too long");
        }
        try {
            TokenResponse tokens = authenticator.login(new LoginRequest(name, password), ClientInfo.of(request));
            ConsoleCookies.signedIn(request, response, config.secureCookies(), tokens.refreshToken(), tokens.accessToken());
            return Response.seeOther(URI.create("/agents")).header("Cache-Control", "no-store").build();
        } catch (ProblemException refused) {
            return page(refused.status(), name, refused.getMessage());
        }
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@Context HttpServerRequest request, @Context HttpServerResponse response,
            @jakarta.ws.rs.HeaderParam("HX-Request") String htmx) {
        io.vertx.core.http.Cookie session = request.getCookie(ConsoleCookies.SESSION);
        if (session != null && !session.getValue().isEmpty()) {
            authenticator.logout(session.getValue());
        }
        ConsoleCookies.cleared(request, response, config.secureCookies());
        if (htmx != null) {
            return Response.noContent().header("HX-Redirect", "/").header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(URI.create("/")).header("Cache-Control", "no-store").build();
    }

    private static Response page(int status, String username, String message) {
        return Response.status(status).entity(Templates.signIn(username, message)).header("Cache-Control", "no-store")
                .build();
    }
}
