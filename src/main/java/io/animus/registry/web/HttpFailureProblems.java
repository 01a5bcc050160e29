package io.animus.registry.web;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Problem details for the refusals that happen in the HTTP layer, before a resource is reached:
 * a body over the size limit (413) and other failures Vert.x reports by status alone.
 * <p>
 * A body announced larger than {@code animus.http.max-body-size} is refused here, with a problem. A
 * body sent without a length (chunked) is read here up to that size and refused past it, with the
 * same problem; {@code quarkus.http.limits.max-body-size}, set above it, stays the backstop.
 */
@Singleton
public class HttpFailureProblems {

    @ConfigProperty(name = "animus.http.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    private BodyHandler chunkedBodies;

    void install(@Observes Router router) {
        chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        router.route().order(Integer.MIN_VALUE).handler(this::limitBody).failureHandler(this::answer);
    }

    private void limitBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodySize.asLongValue()) {
            context.response().putHeader("Connection", "close");
            context.fail(413);
            return;
        }
        if (length == null && context.request().method() != io.vertx.core.http.HttpMethod.GET) {
            // read whole here, so that the size is known; the REST layer then reads the buffered body
            chunkedBodies.handle(context);
            return;
        }
        context.next();
    }

    private void answer(RoutingContext context) {
        int status = context.statusCode();
        if (context.response().headWritten() || status < 400 || status >= 500 || context.failure() != null && status == -1) {
            context.next();
            return;
        }
        String detail = status == 413 ? "The body is larger than the " + maxBodySize.asLongValue() + " bytes allowed" : "The request cannot be served";
        Problem problem = new Problem("about:blank", status == 413 ? "Content Too Large" : "Error", status, detail, List.of());
        if (status == 413) {
            context.response().putHeader("Connection", "close");
        }
        context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
