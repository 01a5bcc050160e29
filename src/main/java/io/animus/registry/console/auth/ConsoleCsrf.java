package io.animus.registry.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.animus.registry.console.ConsoleConfig;
import io.animus.registry.console.ConsoleForm;
import io.animus.registry.web.Problem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Double-submit CSRF tokens on the console's forms: a page hands out the token of its HttpOnly,
 * SameSite=Strict cookie, and a state-changing request must send it back (form field {@code csrf-token}
 * or header {@code X-CSRF-TOKEN}). Bound to console resources only, so the JSON API, whose callers hold
 * bearer tokens or service keys and never cookies, is untouched.
 */
public class ConsoleCsrf {

    static final String COOKIE = "animus_csrf";
    static final String FIELD = "csrf-token";
    static final String HEADER = "X-CSRF-TOKEN";
    private static final int TOKEN_LENGTH = 43;

    private final SecureRandom random = new SecureRandom();

    @Inject
    CsrfToken current;

    @Inject
    ConsoleConfig config;

    @ConsoleForm
    @ServerRequestFilter
    @WithFormRead
    public Response check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        Cookie cookie = routing.request().getCookie(COOKIE);
        String held = cookie == null || cookie.getValue().length() != TOKEN_LENGTH ? null : cookie.getValue();
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            if (held == null) {
                held = newToken();
                routing.response().addCookie(Cookie.cookie(COOKIE, held).setPath("/").setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT)
                        .setSecure(config.secureCookies() || routing.request().isSSL()
                                || "https".equalsIgnoreCase(routing.request().scheme())));
            }
            current.set(held);
            return null;
        }
        String sent = request.getHeaderString(HEADER);
        if (sent == null && request.getMediaType() != null
                && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(request.getMediaType())) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(FIELD, true, false);
            sent = field == null ? null : field.toString();
        }
        if (held == null || sent == null || !MessageDigest.isEqual(held.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII))) {
            return Response.status(400).type(Problem.MEDIA_TYPE)
                    .entity(new Problem("about:blank", "Bad Request", 400, ConsoleGate.CSRF_REFUSED, null)).build();
        }
        current.set(held);
        return null;
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
