package io.animus.registry.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * {@code PUT} and {@code PATCH} of one resource, so that both take back what {@code GET} gave.
 * <p>
 * The server-owned fields of a representation are those that {@code GET} shows and its {@code PUT}
 * body cannot set ({@code id}, {@code created_at}, {@code updated_at}, a parent's id, an inherited
 * {@code module_scope}...): a body may repeat them, and they are then ignored, but one that differs from
 * the current value is a 422 naming the field. Fields that neither the body nor the representation
 * knows stay refused. A {@code PATCH} applies its merge patch (RFC 7396) to the current representation
 * and goes down the same path as a {@code PUT} of the result.
 * <p>
 * The write runs on the version the body was checked against: the {@code PUT} path gets that
 * version's entity tag as its {@code If-Match}, so a change by another request in between is never
 * overwritten; the whole step is then tried again on the new version (and a client's own stale
 * {@code If-Match} is refused with 412 as before).
 */
@ApplicationScoped
public class Replacements {

    /** How often a write is tried again when another request changed the resource in between. */
    private static final int ATTEMPTS = 3;

    /**
     * A resource that {@code PUT} replaces: the request record of its {@code PUT}; how to find it (404
     * when it does not exist); its {@code PUT} path, given the request and the {@code If-Match} to
     * honour; how {@code GET} shows it; and the version of it that its entity tag names.
     */
    public record Target<R, E>(Class<R> requestType, Supplier<E> find, BiFunction<R, String, E> put,
            Function<E, ?> show, Function<E, Instant> version) {
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    Validator validator;

    private final Map<Class<?>, Set<String>> requestFields = new ConcurrentHashMap<>();

    /** {@code PUT}: replaces the resource with {@code body}, a full representation. */
    public <R, E> Response replace(Target<R, E> target, JsonNode body, String ifMatch) {
        if (!body.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object: the whole representation of the resource");
        }
        return write(target, ifMatch, shown -> (ObjectNode) body);
    }

    /** {@code PATCH}: applies the merge patch {@code patch} to the current representation, then replaces with the result. */
    public <R, E> Response patch(Target<R, E> target, JsonNode patch, String ifMatch) {
        if (!patch.isObject()) {
            throw ProblemException.badRequest("A merge patch must be a JSON object whose members replace (or, when null,"
                    + " remove) the members of the same name");
        }
        return write(target, ifMatch, shown -> (ObjectNode) MergePatch.apply(shown, patch));
    }

    private <R, E> Response write(Target<R, E> target, String ifMatch, UnaryOperator<ObjectNode> edit) {
        for (int attempt = 1;; attempt++) {
            Read read = read(target);
            ObjectNode shown = read.shown();
            R request = request(target.requestType(), edit.apply(shown), shown);
            Instant version = read.version();
            ETags.checkIfMatch(ifMatch, version);
            try {
                E written = target.put().apply(request, ETags.of(version).getValue());
                return ETags.ok(target.show().apply(written), target.version().apply(written));
            } catch (ProblemException e) {
                if (e.status() != Response.Status.PRECONDITION_FAILED.getStatusCode()) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw ProblemException.conflict("The resource kept changing while this request was applied; retry it");
                }
            }
        }
    }

    /** The current representation and its version, as {@code GET} would answer them now. */
    private record Read(ObjectNode shown, Instant version) {
    }

    /**
     * Reads in a transaction of its own, so that each attempt sees the row as committed now and not a
     * copy that the request's session kept from an earlier attempt.
     */
    private <R, E> Read read(Target<R, E> target) {
        return QuarkusTransaction.requiringNew().call(() -> {
            E current = target.find().get();
            return new Read(mapper.valueToTree(target.show().apply(current)), target.version().apply(current));
        });
    }

    /**
     * The request record that {@code body} asks for, read as strictly as any body: the server-owned
     * fields it repeats are checked against {@code shown} and dropped, the rest must be fields of the
     * request and valid.
     */
    <R> R request(Class<R> requestType, ObjectNode body, ObjectNode shown) {
        Set<String> settable = requestFields.computeIfAbsent(requestType, this::fieldsOf);
        ObjectNode asked = body.deepCopy();
        List<Problem.FieldError> contradicting = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (settable.contains(name) || !shown.has(name)) {
                continue;
            }
            if (!same(field.getValue(), shown.get(name))) {
                contradicting.add(new Problem.FieldError(name, "is kept by the registry and is " + shown.get(name)
                        + " here; send it unchanged or leave it out"));
            }
            asked.remove(name);
        }
        if (!contradicting.isEmpty()) {
            throw ProblemException.invalid(contradicting.size() == 1
                    ? contradicting.get(0).field() + ": " + contradicting.get(0).message()
                    : contradicting.size() + " fields kept by the registry differ from their current values", contradicting);
        }
        R request;
        try {
            request = mapper.treeToValue(asked, requestType);
        } catch (JsonProcessingException e) {
            throw new WebApplicationException(e, Response.Status.BAD_REQUEST);
        }
        Set<ConstraintViolation<R>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    /** The JSON names of the fields a request record reads. */
    private Set<String> fieldsOf(Class<?> requestType) {
        return mapper.getDeserializationConfig().introspect(mapper.constructType(requestType)).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** Equal JSON, numbers by value and instants by the moment they name ({@code Z} or {@code +00:00}). */
    static boolean same(JsonNode sent, JsonNode current) {
        if (sent.equals(NUMBERS_BY_VALUE, current)) {
            return true;
        }
        if (sent.isTextual() && current.isTextual()) {
            try {
                return OffsetDateTime.parse(sent.asText()).toInstant().equals(OffsetDateTime.parse(current.asText()).toInstant());
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
