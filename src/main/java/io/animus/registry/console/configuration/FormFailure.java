package io.animus.registry.console.configuration;

import java.util.List;

import jakarta.validation.ConstraintViolationException;

import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.ProblemMappers;

/**
 * A refused plain form (one sent without htmx), shown in the page it came from: the problem's detail
 * above, and each field's message beside its field in the form that sent it.
 */
public record FormFailure(String form, int status, String detail, List<Problem.FieldError> errors) {

    static final FormFailure NONE = new FormFailure("", 200, "", List.of());

    /** The failure of {@code form}, from the problem the registry's services answered. */
    static FormFailure of(String form, RuntimeException refused) {
        if (refused instanceof ProblemException problem) {
            return new FormFailure(form, problem.status(), problem.getMessage(), problem.errors());
        }
        Problem problem = ProblemMappers.problemOf((ConstraintViolationException) refused);
        return new FormFailure(form, problem.status(), problem.detail(), problem.errors());
    }

    /** The message for {@code field} of {@code inForm}, or nothing when that form did not fail there. */
    public String at(String inForm, String field) {
        if (!form.equals(inForm)) {
            return "";
        }
        return errors.stream().filter(error -> error.field().equals(field)).map(Problem.FieldError::message).findFirst().orElse("");
    }

    public boolean failed() {
        return !form.isEmpty();
    }
}
