package io.animus.registry.console.auth;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.animus.registry.console.ConsolePage;
import io.animus.registry.web.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * The door of the console's pages: an anonymous visitor is sent to the sign-in page (an htmx request
 * is told to go there with {@code HX-Redirect}); every console answer is kept out of caches; a refused
 * page navigation is shown as a page.
 */
public class ConsoleGate {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance refused(Problem problem);
    }

    public static final String CSRF_REFUSED = "The form was sent without its valid security token; reload the page and try again";

    @Inject
    CurrentIdentityAssociation identities;

    @ConsolePage
    @ServerRequestFilter
    public Uni<Response> signedIn(ContainerRequestContext request) {
        return identities.getDeferredIdentity().map(identity -> {
            if (!identity.isAnonymous()) {
                return null;
            }
            if (request.getHeaderString("HX-Request") != null) {
                return Response.ok().header("HX-Redirect", "/").build();
            }
            return Response.seeOther(URI.create("/")).build();
        });
    }

    @ServerResponseFilter
    public void answer(ContainerRequestContext request, ContainerResponseContext response) {
        if (!ConsolePaths.isConsole(request.getUriInfo().getPath())) {
            return;
        }
        response.getHeaders().putSingle("Cache-Control", "no-store");
        // A page the browser navigated to, refused: the problem as a readable page rather than JSON.
        if (response.getStatus() >= 400 && response.getEntity() instanceof Problem problem
                && "GET".equals(request.getMethod()) && request.getHeaderString("HX-Request") == null
                && String.valueOf(request.getHeaderString("Accept")).contains(MediaType.TEXT_HTML)) {
            response.setEntity(Templates.refused(problem), null, MediaType.TEXT_HTML_TYPE);
        }
    }
}
