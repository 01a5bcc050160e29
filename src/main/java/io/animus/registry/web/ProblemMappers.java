package io.animus.registry.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.animus.registry.crypto.SecretsException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every exception that leaves a resource into an {@code application/problem+json} answer.
 * <p>
 * The status of each kind of failure is decided here, and that of a database's failure in
 * {@link DatabaseProblems}. Nothing internal leaks: a failure the registry did not foresee is a 500
 * whose body carries only a reference to the log line.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private static final String AUTHENTICATE = "Authentication is required: send a valid bearer access token (or a service key)";

    /** The status of a failure and the detail its problem gives. */
    record Refusal(int status, Function<Throwable, String> detail) {

        static Refusal always(int status, String detail) {
            return new Refusal(status, e -> detail);
        }
    }

    /**
     * The answer to each failure that is answered by its type alone; a subtype is answered as its
     * nearest type here. {@link #refusal} is registered for each of these types.
     */
    static final Map<Class<? extends Throwable>, Refusal> REFUSALS = Map.of(
            UnauthorizedException.class, Refusal.always(401, AUTHENTICATE),
            AuthenticationFailedException.class, Refusal.always(401, AUTHENTICATE),
            ForbiddenException.class, Refusal.always(403, "Your role does not allow this operation"),
            OptimisticLockException.class, Refusal.always(409,
                    "The resource was changed by another request at the same time; read it again and retry"),
            // a number a double cannot hold, met while a body is read as a tree (the bodies of PUT and PATCH)
            StrictJsonReading.NumberOutOfRange.class, Refusal.always(400,
                    "The body has a number out of the range of a double (about 1.8e308)"),
            // a value that cannot be sealed or opened: the service's key configuration is at fault, not the request
            SecretsException.class, new Refusal(500, Throwable::getMessage));

    @Inject
    DatabaseProblems database;

    /** Answers a failure of {@link #REFUSALS}; each type is named here, so that it comes before any mapper Quarkus has for it. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class, ForbiddenException.class,
            OptimisticLockException.class, StrictJsonReading.NumberOutOfRange.class, SecretsException.class })
    public Response refusal(Throwable e) {
        for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
            Refusal refusal = REFUSALS.get(type);
            if (refusal != null) {
                return respond(refusal.status(), refusal.detail().apply(e), List.of());
            }
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response answer = respond(e.status(), e.getMessage(), e.errors());
        return e.retryAfterSeconds() < 0 ? answer
                : Response.fromResponse(answer).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST's JSON reader wraps most Jackson failures in a bare 400: answer them as Jackson's own
        if (e.getCause() instanceof JsonProcessingException jackson) {
            return json(jackson);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return respond(status, describe(status), List.of());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        Problem problem = problemOf(e);
        return respond(problem.status(), problem.detail(), problem.errors());
    }

    /** The 422 problem of broken validation rules, one error per field by its caller-facing name. */
    public static Problem problemOf(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(violation.getPropertyPath(), violation.getLeafBean()), violation.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return new Problem("about:blank", "Unprocessable Content", 422, summary(errors), errors);
    }

    /** Every failure to read a JSON body, by its kind; Quarkus has a mapper of its own for MismatchedInputException. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response json(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException limit) {
            return jsonLimit(limit);
        }
        if (e instanceof StreamReadException unreadable) {
            return unreadableJson(unreadable);
        }
        if (e instanceof JsonMappingException unmappable) {
            return unmappableJson(unmappable);
        }
        return respond(400, "The body is not valid JSON", List.of());
    }

    private static Response jsonLimit(StreamConstraintsException e) {
        return respond(400, "The JSON body exceeds a limit: " + e.getOriginalMessage(), List.of());
    }

    private static Response unreadableJson(StreamReadException e) {
        if (e instanceof InputCoercionException) {
            return respond(422, "A number in the body is out of the range of its field (" + location(e) + ")", List.of());
        }
        return respond(400, "The body is not valid JSON (" + location(e) + ")", List.of());
    }

    private static Response unmappableJson(JsonMappingException e) {
        if (e.getCause() instanceof StreamConstraintsException limit) {
            return jsonLimit(limit);
        }
        if (e.getCause() instanceof java.io.CharConversionException) {
            return respond(400, "The body is not valid UTF-8", List.of());
        }
        if (e.getCause() instanceof StreamReadException unreadable) {
            return unreadableJson(unreadable);
        }
        String field = jsonPath(e);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e.getCause() instanceof StrictJsonReading.NumberOutOfRange outOfRange) {
            message = outOfRange.getMessage();
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            message = e.getCause().getMessage();
        } else if (e instanceof InvalidFormatException invalid) {
            message = "cannot be read as " + simpleType(invalid.getTargetType());
        } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            message = "must be " + simpleType(mismatched.getTargetType());
        } else {
            message = "has an invalid value";
        }
        if (field.isEmpty()) {
            return respond(400, "The body does not have the expected shape: it " + message, List.of());
        }
        return respond(422, field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        return database.answer(e).orElseGet(() -> unexpected(e));
    }

    private static Response unexpected(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, reference %s", reference);
        return respond(500, "An unexpected error occurred; reference " + reference, List.of());
    }

    static Response respond(int status, String detail, List<Problem.FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error";
        Problem problem = new Problem("about:blank", title, status, detail, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource cannot answer in the requested media type";
            case 413 -> "The body is larger than allowed";
            case 415 -> "The body's media type is not supported here: send application/json, or for PATCH"
                    + " application/merge-patch+json";
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "The request cannot be served";
        };
    }

    private static String summary(List<Problem.FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields break the rules";
    }

    /**
     * The caller-facing name of a violated field: the body's JSON property or the query parameter. A
     * violated parameter or body field of a method leads with the method and the parameter, a body
     * validated on its own does not; both name the same field.
     */
    private static String fieldOf(Path path, Object leafBean) {
        List<String> names = new ArrayList<>();
        String last = "";
        for (Path.Node node : path) {
            last = node.getIndex() != null && node.getName() == null ? "[" + node.getIndex() + "]" : node.getName();
            if (node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.PARAMETER) {
                names.add(node.getKind() == ElementKind.PROPERTY ? jsonName(leafBean, last) : snakeCase(last));
            }
        }
        return names.isEmpty() ? snakeCase(last) : String.join(".", names);
    }

    /** A body field's JSON name: the one {@code @JsonProperty} gives it ({@code is_encrypted}), else its snake_case. */
    private static String jsonName(Object bean, String property) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty named = bean == null ? null
                    : bean.getClass().getDeclaredField(property).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return named != null && !named.value().isEmpty() ? named.value() : snakeCase(property);
        } catch (NoSuchFieldException e) {
            return snakeCase(property);
        }
    }

    static String snakeCase(String name) {
        return name == null ? "" : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String location(StreamReadException e) {
        return e.getLocation() == null ? "unreadable"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
        }
        return "an object";
    }
}
