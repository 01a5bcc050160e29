package io.animus.registry.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The user behind the current request, as its access token names them: {@code sub} is the user's
 * id, {@code upn} the username, {@code groups} the role.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken token;

    public Integer id() {
        return token.getSubject() == null ? null : Integer.valueOf(token.getSubject());
    }

    public String username() {
        return token.getName();
    }

    public Role role() {
        if (token.getGroups().contains(Roles.ADMIN)) {
            return Role.ADMIN;
        }
        return token.getGroups().contains(Roles.USER) ? Role.USER : Role.VIEWER;
    }

    public boolean isAdmin() {
        return role() == Role.ADMIN;
    }

    /** A reference to the user's row, for {@code created_by}; loads nothing. */
    public User reference() {
        return User.getEntityManager().getReference(User.class, id());
    }
}
