package io.animus.registry.console.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The two cookies of a console sign-in, both HttpOnly and SameSite=Strict (Secure behind TLS), so that
 * no script reads a token: the session's refresh token, and the short-lived access token issued for it.
 * They live as long as the browser; the session row decides how long they are honoured.
 */
public final class ConsoleCookies {

    /** The refresh token of the sign-in's session. */
    public static final String SESSION = "animus_session";
    /** The access token (JWT) issued for that session, renewed from it when it expires. */
    public static final String ACCESS = "animus_access";

    private ConsoleCookies() {
    }

    /** Sets both cookies after a sign-in. */
    public static void signedIn(HttpServerRequest request, HttpServerResponse response, boolean forceSecure,
            String refreshToken, String accessToken) {
        response.addCookie(cookie(SESSION, refreshToken, secure(request, forceSecure)));
        response.addCookie(cookie(ACCESS, accessToken, secure(request, forceSecure)));
    }

    /** Replaces the access cookie after a renewal. */
    public static void renewed(HttpServerRequest request, HttpServerResponse response, boolean forceSecure,
            String accessToken) {
        response.addCookie(cookie(ACCESS, accessToken, secure(request, forceSecure)));
    }

    /** Tells the browser to forget both cookies. */
    public static void cleared(HttpServerRequest request, HttpServerResponse response, boolean forceSecure) {
        response.addCookie(cookie(SESSION, "", secure(request, forceSecure)).setMaxAge(0));
        response.addCookie(cookie(ACCESS, "", secure(request, forceSecure)).setMaxAge(0));
    }

    private static Cookie cookie(String name, String value, boolean secure) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(secure);
    }

    private static boolean secure(HttpServerRequest request, boolean forceSecure) {
        return forceSecure || request.isSSL() || "https".equalsIgnoreCase(request.scheme());
    }
}
