package io.animus.registry.web;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response.Status;

/**
 * A request the registry refuses, with the status and the words that tell the caller why.
 * Thrown from rules, resources and parameter converters; turned into a problem detail by
 * {@link ProblemMappers}. It is a {@link WebApplicationException} so that the REST layer passes it
 * through unchanged from wherever it is thrown.
 */
public class ProblemException extends WebApplicationException {

    private final int status;
    private final List<Problem.FieldError> errors;
    private final long retryAfterSeconds;

    public ProblemException(int status, String detail, List<Problem.FieldError> errors) {
        this(status, detail, errors, -1);
    }

    private ProblemException(int status, String detail, List<Problem.FieldError> errors, long retryAfterSeconds) {
        super(detail, status);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemException(int status, String detail) {
        this(status, detail, List.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Status.BAD_REQUEST.getStatusCode(), detail);
    }

    /** A body that is well-formed but breaks a rule of the registry. */
    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(422, detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(Status.PRECONDITION_FAILED.getStatusCode(), detail);
    }

    /** 429: the caller asks too often; it may try again after {@code retryAfter} (sent as {@code Retry-After}, in whole seconds). */
    public static ProblemException tooManyRequests(String detail, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(429, detail, List.of(), seconds);
    }

    /** The seconds of a {@code Retry-After} header to send with the problem, or -1 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
