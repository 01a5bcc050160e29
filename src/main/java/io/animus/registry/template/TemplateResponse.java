package io.animus.registry.template;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A template as the API shows it; it holds no secret value, so nothing in it is masked. */
@RegisterForReflection
public record TemplateResponse(
        Integer id,
        String name,
        @Schema(nullable = true) String description,
        TemplateKind kind,
        List<TemplateParameter> parameters,
        ObjectNode fields,
        List<TemplateSetting> settings,
        List<TemplateToolInstance> toolInstances,
        @Schema(nullable = true) Integer createdBy,
        Instant createdAt,
        Instant updatedAt) {

    static TemplateResponse from(Template template, TemplateRequest definition) {
        return new TemplateResponse(template.id, template.name, template.description, template.kind, definition.parametersOrEmpty(),
                definition.fields(), definition.settingsOrEmpty(), definition.toolInstancesOrEmpty(),
                template.createdBy == null ? null : template.createdBy.id, template.createdAt, template.updatedAt);
    }
}
