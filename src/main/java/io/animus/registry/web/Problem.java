package io.animus.registry.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, the body of every error the registry answers.
 *
 * @param errors for a rejected body or parameter, one entry per offending field
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field that breaks a rule: its JSON path (or parameter name) and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
