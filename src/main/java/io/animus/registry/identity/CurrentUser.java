package io.animus.registry.identity;

import io.animus.registry.identity.session.AccessTokens;
import io.animus.registry.identity.user.User;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;

/**
 * The user behind the current request, as its access token names them: {@code sub} is the user's
 * id, {@code upn} the username, {@code groups} the role, {@code sid} the session.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken token;

    /** Whether the request carries a valid access token. */
    public boolean isAuthenticated() {
        return token.getSubject() != null;
    }

    public Integer id() {
        return token.getSubject() == null ? null : Integer.valueOf(token.getSubject());
    }

    public String username() {
        return token.getName();
    }

    /** The caller's role; a token whose groups name no user role is refused (401), never read as a lesser role. */
    public Role role() {
        return Role.fromGroups(token.getGroups()).orElseThrow(UnauthorizedException::new);
    }

    public boolean isAdmin() {
        return role() == Role.ADMIN;
    }

    /** The session the access token was issued for, or null for a token without one. */
    public String sessionId() {
        Object sid = token.getClaim(AccessTokens.SESSION_CLAIM);
        if (sid instanceof JsonString json) {
            return json.getString();
        }
        return sid == null ? null : sid.toString();
    }

    /**
     * A reference to the user's row, for {@code created_by}; loads nothing. Refuses an anonymous
     * request with 401, so that no entity is created without its author.
     */
    public User reference() {
        Integer id = id();
        if (id == null) {
            throw new UnauthorizedException();
        }
        return User.getEntityManager().getReference(User.class, id);
    }
}
