package io.animus.registry.console.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** The CSRF token of the current console request, as templates insert it: {@code {inject:csrf.token}}. */
@RequestScoped
@Named("csrf")
public class CsrfToken {

    private String token;

    public String getToken() {
        return token;
    }

    public String getParameterName() {
        return ConsoleCsrf.FIELD;
    }

    void set(String token) {
        this.token = token;
    }
}
