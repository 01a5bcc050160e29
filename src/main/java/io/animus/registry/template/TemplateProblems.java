package io.animus.registry.template;

import java.util.List;
import java.util.stream.Collectors;

import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/** The 422 of a template or an application that breaks rules: every problem in the list, the first few in the detail too. */
final class TemplateProblems {

    private static final int IN_DETAIL = 5;

    private TemplateProblems() {
    }

    static ProblemException invalid(String lead, List<Problem.FieldError> errors) {
        String listed = errors.stream().limit(IN_DETAIL).map(error -> error.field() + " " + error.message())
                .collect(Collectors.joining("; "));
        return ProblemException.invalid(lead + ": " + listed + (errors.size() > IN_DETAIL ? "; and " + (errors.size() - IN_DETAIL) + " more" : ""),
                errors);
    }
}
