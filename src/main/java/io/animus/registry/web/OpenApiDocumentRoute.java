package io.animus.registry.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.arc.properties.UnlessBuildProperty;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the OpenAPI document at {@code /q/openapi} as the build of the {@code openapi} Maven profile
 * wrote it ({@code src/main/resources/openapi/openapi.yaml} and {@code .json}, checked in), so that the
 * registry does no OpenAPI work at start and loads none of SmallRye OpenAPI's classes.
 * <p>
 * It answers as Quarkus's SmallRye OpenAPI extension did, byte for byte: YAML by default; JSON for
 * {@code /q/openapi.json}, for {@code ?format=json} (any case) or an {@code Accept} that names
 * {@code application/json}; YAML for {@code /q/openapi.yaml} and {@code .yml}, and for any other format.
 * Every method but {@code OPTIONS} gets the document; {@code OPTIONS} gets its {@code Allow} and goes on
 * to the next route. It needs no credentials. In the {@code openapi} profile's build the extension
 * serves the document itself (that build sets {@code animus.openapi.generated=true}), and this route is
 * left out.
 */
@Singleton
@UnlessBuildProperty(name = "animus.openapi.generated", stringValue = "true", enableIfMissing = true)
public class OpenApiDocumentRoute {

    static final String PATH = "/q/openapi";
    static final String YAML_RESOURCE = "openapi/openapi.yaml";
    static final String JSON_RESOURCE = "openapi/openapi.json";
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final String YAML_TYPE = "application/yaml;charset=UTF-8";
    private static final String JSON_TYPE = "application/json;charset=UTF-8";

    /** The two documents, read from the application's resources on the first request. */
    private static final class Documents {
        static final byte[] YAML = read(YAML_RESOURCE);
        static final byte[] JSON = read(JSON_RESOURCE);
    }

    void install(@Observes Router router) {
        Handler<RoutingContext> serve = this::serve;
        router.route(PATH).handler(serve);
        router.route(PATH + ".json").handler(serve);
        router.route(PATH + ".yaml").handler(serve);
        router.route(PATH + ".yml").handler(serve);
    }

    private void serve(RoutingContext context) {
        if (HttpMethod.OPTIONS.equals(context.request().method())) {
            context.response().headers().set("Allow", ALLOW);
            context.next();
            return;
        }
        boolean json = wantsJson(context);
        context.response().headers().set("Content-Type", json ? JSON_TYPE : YAML_TYPE);
        context.response().end(Buffer.buffer(json ? Documents.JSON : Documents.YAML));
    }

    /** JSON for a path ending in .json; YAML for .yaml and .yml; otherwise JSON when asked by Accept or ?format. */
    static boolean wantsJson(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.endsWith(".json")) {
            return true;
        }
        if (path.endsWith(".yaml") || path.endsWith(".yml")) {
            return false;
        }
        String accept = context.request().headers().get("Accept");
        var formats = context.queryParam("format");
        String format = formats.isEmpty() ? null : formats.get(0);
        return (accept != null && accept.contains("application/json")) || "JSON".equalsIgnoreCase(format);
    }

    private static byte[] read(String resource) {
        try (InputStream in = OpenApiDocumentRoute.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + resource + " is not among the application's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
