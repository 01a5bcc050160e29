package io.animus.registry.web;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Problem details for the refusals that happen in the HTTP layer, before a resource is reached:
 * a request URI over its limit (414), header fields over theirs (431), a body over the size limit
 * (413) and other failures Vert.x reports by status alone.
 * <p>
 * Vert.x's HTTP decoder answers a request line or headers past its own limits with a bare status,
 * before any route runs, and Quarkus offers no hook there. So the decoder's limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code .max-header-size}) are set well above the
 * registry's ({@code animus.http.max-uri-length}, {@code animus.http.max-header-size}), which are
 * checked here, first of all routes, and refused with a problem naming the limit. Only a request past
 * the decoder's ceiling still gets the decoder's bare answer.
 * <p>
 * A body announced larger than {@code animus.http.max-body-size} is refused here, with a problem. A
 * body sent without a length (chunked) is read here up to that size and refused past it, with the
 * same problem; {@code quarkus.http.limits.max-body-size}, set above it, stays the backstop.
 */
@Singleton
public class HttpFailureProblems {

    @ConfigProperty(name = "animus.http.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    @ConfigProperty(name = "animus.http.max-uri-length", defaultValue = "4096")
    int maxUriLength;

    @ConfigProperty(name = "animus.http.max-header-size", defaultValue = "20K")
    MemorySize maxHeaderSize;

    private BodyHandler chunkedBodies;

    void install(@Observes Router router) {
        chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        router.route().order(Integer.MIN_VALUE).handler(this::limits).failureHandler(this::answer);
    }

    private void limits(RoutingContext context) {
        if (context.request().uri().length() > maxUriLength) {
            context.fail(414);
            return;
        }
        if (headerBytes(context.request().headers()) > maxHeaderSize.asLongValue()) {
            context.fail(431);
            return;
        }
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodySize.asLongValue()) {
            context.response().putHeader("Connection", "close");
            context.fail(413);
            return;
        }
        if (length == null && context.request().method() != io.vertx.core.http.HttpMethod.GET
                && context.request().version() != HttpVersion.HTTP_2) {
            // read whole here, so that the size is known; the REST layer then reads the buffered body.
            // Not over HTTP/2: a request without a length is one whose frames end it (a DELETE, most
            // often), and Vert.x refuses to pause an HTTP/2 request read whole, which the REST layer
            // does first; quarkus.http.limits.max-body-size bounds what it reads there
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
        String detail = switch (status) {
            case 413 -> "The body is larger than the " + maxBodySize.asLongValue() + " bytes allowed";
            case 414 -> "The request URI is longer than the " + maxUriLength + " characters allowed";
            case 431 -> "The request's header fields take more than the " + maxHeaderSize.asLongValue() + " bytes allowed";
            default -> "The request cannot be served";
        };
        String title = switch (status) {
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
        Problem problem = new Problem("about:blank", title, status, detail, List.of());
        if (status == 413 || status == 414 || status == 431) {
            // a body that may follow is not read: the connection cannot serve another request
            context.response().putHeader("Connection", "close");
        }
        context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    /** The bytes of the header fields as sent: each name, value and the four bytes of ": " and CRLF. */
    private static long headerBytes(io.vertx.core.MultiMap headers) {
        long bytes = 0;
        for (java.util.Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }
}
