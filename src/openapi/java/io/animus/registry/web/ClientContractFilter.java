package io.animus.registry.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Writes into the OpenAPI document what every operation and record of the registry shares, so that a
 * generated client can rely on it without each resource repeating it: a 201 answer carries the
 * {@code Location} of what it created, and a property that may be null is written so that OpenAPI 3.0
 * lets null through. It runs when the application is built, like {@link ProblemResponsesFilter}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ClientContractFilter implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            if (openAPI.getPaths() != null) {
                acceptRepresentationOnPut(openAPI);
                acceptNullWhereOptional(openAPI);
            }
            inlineNullableScalars(openAPI);
        }
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values()
                    .forEach(item -> item.getOperations().values().forEach(ClientContractFilter::locate));
        }
    }

    /**
     * A {@code PUT} takes back the representation its {@code GET} gave ({@link Replacements}): its body is
     * the fields a client sets, and may also carry the registry's own fields of the representation (its
     * id, times, author...), accepted when they equal the stored values and refused (422) when they
     * differ. The body's schema lists both. A request schema that only this {@code PUT} uses gains those
     * fields; one that another operation shares (a {@code POST}'s) is copied as {@code <name>Replacement}.
     */
    private static void acceptRepresentationOnPut(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Map<String, Long> uses = openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .filter(operation -> operation.getRequestBody() != null && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().getMediaTypes().values().stream())
                .map(mediaType -> mediaType.getSchema() == null ? null : mediaType.getSchema().getRef())
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.groupingBy(ref -> ref, java.util.stream.Collectors.counting()));
        Map<String, Schema> added = new java.util.TreeMap<>();
        openAPI.getPaths().getPathItems().values().stream().map(item -> item.getPUT()).filter(java.util.Objects::nonNull)
                .forEach(put -> {
                    org.eclipse.microprofile.openapi.models.media.MediaType body = put.getRequestBody() == null
                            || put.getRequestBody().getContent() == null ? null
                                    : put.getRequestBody().getContent().getMediaType("application/json");
                    APIResponse ok = put.getResponses() == null ? null : put.getResponses().getAPIResponse("200");
                    org.eclipse.microprofile.openapi.models.media.MediaType answer = ok == null || ok.getContent() == null ? null
                            : ok.getContent().getMediaType("application/json");
                    if (body == null || answer == null || body.getSchema() == null || body.getSchema().getRef() == null
                            || answer.getSchema() == null) {
                        return;
                    }
                    String ref = body.getSchema().getRef();
                    Schema request = referenced(body.getSchema(), schemas);
                    Schema representation = referenced(answer.getSchema(), schemas);
                    if (request == null || request.getProperties() == null || representation == null
                            || representation.getProperties() == null) {
                        return;
                    }
                    Map<String, Schema> owned = new java.util.LinkedHashMap<>();
                    representation.getProperties().forEach((name, property) -> {
                        if (!request.getProperties().containsKey(name)) {
                            owned.put(name, property);
                        }
                    });
                    if (owned.isEmpty()) {
                        return;
                    }
                    Schema target = request;
                    if (uses.getOrDefault(ref, 0L) > 1) {
                        String name = ref.substring(SCHEMAS.length()) + "Replacement";
                        target = OASFactory.createSchema().type(request.getType()).required(request.getRequired())
                                .properties(new java.util.LinkedHashMap<>(request.getProperties()));
                        added.put(name, target);
                        body.setSchema(OASFactory.createSchema().ref(SCHEMAS + name));
                    }
                    target.description((request.getDescription() == null ? "" : request.getDescription() + " ")
                            + "As the body of PUT, also the whole representation that GET answers: the registry's own fields"
                            + " it repeats must equal the stored values (else 422).");
                    owned.forEach(target::addProperty);
                });
        added.forEach(openAPI.getComponents()::addSchema);
    }

    /**
     * In a request body, an optional property may be sent as null: the registry reads null as absent
     * (the field takes its default), so the document lets null through for every property of a body
     * schema that is not required.
     */
    private static void acceptNullWhereOptional(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        openAPI.getPaths().getPathItems().values().stream().flatMap(item -> item.getOperations().values().stream())
                .filter(operation -> operation.getRequestBody() != null && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().getMediaTypes().values().stream())
                .map(mediaType -> mediaType.getSchema() == null ? null : referenced(mediaType.getSchema(), schemas))
                .filter(java.util.Objects::nonNull).distinct()
                .forEach(body -> {
                    if (body.getProperties() == null) {
                        return;
                    }
                    List<String> required = body.getRequired() == null ? List.of() : body.getRequired();
                    body.getProperties().forEach((name, property) -> {
                        if (!required.contains(name) && property.getRef() == null && property.getType() != null
                                && !property.getType().contains(Schema.SchemaType.NULL)) {
                            property.addType(Schema.SchemaType.NULL);
                        } else if (!required.contains(name) && scalar(referenced(property, schemas))) {
                            body.addProperty(name, nullableCopy(referenced(property, schemas), property.getDescription()));
                        }
                    });
                });
    }

    /**
     * A property that may be null and whose type is a scalar schema of the components (an instant, an
     * enumeration) is written in place, as that scalar with null allowed: OpenAPI 3.0 has no nullable
     * reference ({@code nullable} beside {@code allOf} would not let null through the referenced schema).
     */
    private static void inlineNullableScalars(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        for (Schema schema : schemas.values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Map.Entry<String, Schema> property : Map.copyOf(schema.getProperties()).entrySet()) {
                Schema target = nullable(property.getValue()) ? referenced(property.getValue(), schemas) : null;
                if (scalar(target)) {
                    schema.addProperty(property.getKey(), nullableCopy(target, property.getValue().getDescription()));
                }
            }
        }
    }

    /** A string, number, integer or boolean schema (an enumeration among them), not an object or array. */
    private static boolean scalar(Schema schema) {
        return schema != null && schema.getType() != null && schema.getType().size() == 1
                && schema.getType().get(0) != Schema.SchemaType.OBJECT && schema.getType().get(0) != Schema.SchemaType.ARRAY;
    }

    /** The scalar {@code target} written in place, with null among its values. */
    private static Schema nullableCopy(Schema target, String description) {
        Schema inline = OASFactory.createSchema().type(List.of(target.getType().get(0), Schema.SchemaType.NULL))
                .format(target.getFormat()).description(description != null ? description : target.getDescription());
        if (target.getEnumeration() != null) {
            List<Object> values = new ArrayList<>(target.getEnumeration());
            values.add(null);
            inline.setEnumeration(values);
        }
        return inline;
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() != null && schema.getType().contains(Schema.SchemaType.NULL)
                || schema.getAnyOf() != null && schema.getAnyOf().stream()
                        .anyMatch(option -> option.getType() != null && option.getType().equals(List.of(Schema.SchemaType.NULL)));
    }

    /** The component a property refers to: by {@code $ref}, or as the one non-null choice of {@code allOf}/{@code anyOf}. */
    private static Schema referenced(Schema property, Map<String, Schema> schemas) {
        List<Schema> candidates = new ArrayList<>();
        candidates.add(property);
        if (property.getAllOf() != null) {
            candidates.addAll(property.getAllOf());
        }
        if (property.getAnyOf() != null) {
            candidates.addAll(property.getAnyOf());
        }
        return candidates.stream().map(Schema::getRef).filter(java.util.Objects::nonNull)
                .filter(ref -> ref.startsWith(SCHEMAS)).map(ref -> schemas.get(ref.substring(SCHEMAS.length())))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Every 201 answer carries the address of what it created. */
    private static void locate(Operation operation) {
        APIResponse created = operation.getResponses() == null ? null : operation.getResponses().getAPIResponse("201");
        if (created != null && created.getRef() == null && (created.getHeaders() == null || !created.getHeaders().containsKey("Location"))) {
            created.addHeader("Location", OASFactory.createHeader().required(true).description("The address of the new resource")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri-reference")));
        }
    }
}
