package io.animus.registry.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every REST-assured exchange of the test suite with {@code /api/...} against the OpenAPI
 * document the registry serves ({@code /q/openapi}), so that the document stays what a generated
 * client can trust: every answer, refusals included, has a status, media type, headers and body
 * that the document gives for its operation, and every request the registry accepts is one the
 * document allows. An exchange that breaks the document fails its test with the validator's findings
 * (and is listed in {@code target/openapi-contract/mismatches.txt}).
 * <p>
 * A request the registry refuses (4xx) is held on its answer only: the suite sends such requests on
 * purpose (no credentials, bodies that break a rule), and the document could only agree that they
 * are wrong. Its answer must still be one the document lists for the operation. So are the requests of
 * the hostile-input suite, marked by its header. A request to a path or method the document does not
 * have must be refused with 404 or 405.
 */
public final class OpenApiContractFilter implements Filter {

    /** Findings that only say "this request is not one the document describes": the answer must then be 404 or 405. */
    private static final Set<String> UNKNOWN_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    /**
     * The header of the hostile-input suite's requests ({@code HostileInputTest}): fuzz the registry may
     * tolerate (an empty query value, a body of any media type for logout, bytes that are not UTF-8),
     * held on the answer only, like a refused request.
     */
    private static final String PROBE = "X-Hostile-Probe";
    private static final Path MISMATCHES = Path.of("target", "openapi-contract", "mismatches.txt");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The validator of each served document, by the address that serves it. */
    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

    /**
     * Adds the filter to REST-assured as the calling class loader sees it, once. A filter of another
     * loader (an earlier Quarkus application, when REST-assured is shared) is replaced, so that the
     * list holds no class of an application that has stopped.
     */
    public static synchronized void install() {
        List<Filter> filters = new java.util.ArrayList<>(RestAssured.filters());
        if (filters.stream().anyMatch(f -> f.getClass() == OpenApiContractFilter.class)) {
            return;
        }
        filters.removeIf(f -> f.getClass().getName().equals(OpenApiContractFilter.class.getName()));
        filters.add(new OpenApiContractFilter());
        RestAssured.replaceFiltersWith(filters);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/api/")) {
            return response;
        }
        OpenApiInteractionValidator validator = validators.computeIfAbsent(origin(uri), OpenApiContractFilter::load);
        int status = response.statusCode();
        boolean answerOnly = status >= 400 && status < 500 || request.getHeaders().hasHeaderWithName(PROBE);
        ValidationReport report = answerOnly
                ? validator.validateResponse(path, Request.Method.valueOf(request.getMethod()), RestAssuredResponse.of(response))
                : validator.validate(asSent(request), RestAssuredResponse.of(response));
        List<ValidationReport.Message> errors = report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !(UNKNOWN_OPERATION.contains(message.getKey()) && (status == 404 || status == 405)))
                .toList();
        if (!errors.isEmpty()) {
            String finding = request.getMethod() + " " + path + " answered " + status + ": " + errors.stream()
                    .map(message -> message.getKey() + ": " + message.getMessage()).collect(Collectors.joining("; "));
            record(finding);
            throw new AssertionError("The exchange does not match the OpenAPI document: " + finding
                    + "\nAnswer: " + abbreviate(response.asString()));
        }
        return response;
    }

    /**
     * The request as the registry received it: with the {@code Authorization} header that REST-assured
     * adds for {@code auth().oauth2(token)} after the filters have run, and without the form
     * {@code Content-Type} it gives on its own to a POST without a body (no client sends a media type for
     * a body it does not send).
     */
    private static Request asSent(FilterableRequestSpecification spec) {
        Request request = RestAssuredRequest.of(spec);
        String bearer = spec.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth
                && !spec.getHeaders().hasHeaderWithName("Authorization") ? "Bearer " + oauth.getAccessToken() : null;
        boolean bodiless = request.getRequestBody().map(body -> !body.hasBody()).orElse(true);
        if (bearer == null && !bodiless) {
            return request;
        }
        Map<String, java.util.Collection<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        if (bearer != null) {
            headers.put("Authorization", List.of(bearer));
        }
        if (bodiless) {
            headers.remove("Content-Type");
        }
        return new Request() {
            @Override
            public String getPath() {
                return request.getPath();
            }

            @Override
            public Method getMethod() {
                return request.getMethod();
            }

            @Override
            @SuppressWarnings("deprecation")
            public java.util.Optional<String> getBody() {
                return request.getBody();
            }

            @Override
            public java.util.Optional<com.atlassian.oai.validator.model.Body> getRequestBody() {
                return request.getRequestBody();
            }

            @Override
            public java.util.Collection<String> getQueryParameters() {
                return request.getQueryParameters();
            }

            @Override
            public java.util.Collection<String> getQueryParameterValues(String name) {
                return request.getQueryParameterValues(name);
            }

            @Override
            public Map<String, java.util.Collection<String>> getHeaders() {
                return headers;
            }

            @Override
            public java.util.Collection<String> getHeaderValues(String name) {
                return headers.getOrDefault(name, List.of());
            }
        };
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static OpenApiInteractionValidator load(String origin) {
        try {
            HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(origin + "/q/openapi?format=json"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (served.statusCode() != 200) {
                throw new IllegalStateException(origin + "/q/openapi answered " + served.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(served.body()).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document at " + origin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void record(String finding) {
        try {
            Files.createDirectories(MISMATCHES.getParent());
            Files.writeString(MISMATCHES, finding + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the assertion below still fails the test
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
