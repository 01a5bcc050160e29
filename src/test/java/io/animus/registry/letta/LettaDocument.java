package io.animus.registry.letta;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * Letta's own OpenAPI 3.1 document ({@code ../shared/data/letta/openapi.json}), and the check of a request
 * the registry sent the stand-in against it: the method and path template, the path and query parameters
 * against their schemas (no parameter the document does not declare), and the bearer authorization.
 */
final class LettaDocument {

    /**
     * {@code ../shared/data/letta/openapi.json} from the repository's root (CI clones the repository beside
     * {@code shared}); a git worktree lies a level deeper, so the folders above are looked in too.
     */
    static final Path FILE = locate();

    private static Path locate() {
        Path first = Path.of("").toAbsolutePath().getParent().resolve("shared/data/letta/openapi.json");
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/letta/openapi.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return first;
    }

    private static OpenAPI document;

    private LettaDocument() {
    }

    static synchronized OpenAPI document() {
        if (document == null) {
            if (!Files.isRegularFile(FILE)) {
                throw new IllegalStateException("Letta's OpenAPI document is not at " + FILE);
            }
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            document = new OpenAPIV3Parser().read(FILE.toString(), null, options);
            if (document == null || document.getPaths() == null || document.getPaths().size() < 200) {
                throw new IllegalStateException("Letta's OpenAPI document could not be read from " + FILE);
            }
        }
        return document;
    }

    /** What is wrong with the request by Letta's document; empty when nothing. */
    static List<String> violations(LoggedRequest request) {
        List<String> problems = new ArrayList<>();
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        String method = request.getMethod().getName();
        Map.Entry<String, PathItem> match = null;
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Map.Entry<String, PathItem> entry : document().getPaths().entrySet()) {
            List<String> names = new ArrayList<>();
            Matcher template = Pattern.compile("\\{([^}]+)}").matcher(entry.getKey());
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (template.find()) {
                regex.append(Pattern.quote(entry.getKey().substring(last, template.start()))).append("([^/]+)");
                names.add(template.group(1));
                last = template.end();
            }
            regex.append(Pattern.quote(entry.getKey().substring(last)));
            Matcher matcher = Pattern.compile(regex.toString()).matcher(path);
            if (matcher.matches() && (match == null || names.isEmpty())) {
                match = entry;
                pathValues.clear();
                for (int i = 0; i < names.size(); i++) {
                    pathValues.put(names.get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
                }
            }
        }
        if (match == null) {
            return List.of(method + " " + path + ": no such path in Letta's document");
        }
        Operation operation = match.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        if (operation == null) {
            return List.of(method + " " + match.getKey() + ": the document has no such operation");
        }
        List<Parameter> parameters = new ArrayList<>();
        if (match.getValue().getParameters() != null) {
            parameters.addAll(match.getValue().getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        Map<String, List<String>> queryValues = new LinkedHashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] parts = pair.split("=", 2);
            queryValues.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), key -> new ArrayList<>())
                    .add(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            Parameter declared = find(parameters, "path", value.getKey());
            if (declared == null) {
                problems.add("path parameter " + value.getKey() + " is not declared");
            } else {
                check("path parameter " + value.getKey(), declared.getSchema(), value.getValue(), problems);
            }
        }
        for (Map.Entry<String, List<String>> value : queryValues.entrySet()) {
            Parameter declared = find(parameters, "query", value.getKey());
            if (declared == null) {
                problems.add("query parameter " + value.getKey() + " is not declared for " + method + " " + match.getKey());
                continue;
            }
            Schema<?> schema = declared.getSchema();
            Schema<?> items = arrayItems(schema);
            if (value.getValue().size() > 1 && items == null) {
                problems.add("query parameter " + value.getKey() + " is repeated but is not an array");
            }
            for (String one : value.getValue()) {
                check("query parameter " + value.getKey(), items != null ? items : schema, one, problems);
            }
        }
        for (Parameter declared : parameters) {
            if (Boolean.TRUE.equals(declared.getRequired()) && "query".equals(declared.getIn()) && !queryValues.containsKey(declared.getName())) {
                problems.add("required query parameter " + declared.getName() + " is missing");
            }
            if ("header".equals(declared.getIn()) && request.containsHeader(declared.getName())) {
                check("header " + declared.getName(), declared.getSchema(), request.getHeader(declared.getName()), problems);
            }
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !authorization.matches("Bearer [^\\s].*")) {
            problems.add("Authorization is not a bearer token, as the document's bearerAuth says");
        }
        return problems.stream().map(problem -> method + " " + url.replaceAll("\\?.*", "") + ": " + problem).toList();
    }

    private static Parameter find(List<Parameter> parameters, String in, String name) {
        return parameters.stream().filter(parameter -> in.equals(parameter.getIn()) && name.equals(parameter.getName())).findFirst().orElse(null);
    }

    /** The items' schema when the schema (or one of its anyOf branches) is an array. */
    private static Schema<?> arrayItems(Schema<?> schema) {
        if (schema == null) {
            return null;
        }
        if (types(schema).contains("array")) {
            return schema.getItems();
        }
        if (schema.getAnyOf() != null) {
            for (Schema<?> branch : schema.getAnyOf()) {
                if (types(branch).contains("array")) {
                    return branch.getItems();
                }
            }
        }
        return null;
    }

    private static Set<String> types(Schema<?> schema) {
        if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
            return schema.getTypes();
        }
        return schema.getType() == null ? Set.of() : Set.of(schema.getType());
    }

    /** Whether the text value fits the schema: anyOf branches, type, enum, const, pattern, lengths. */
    private static void check(String what, Schema<?> schema, String value, List<String> problems) {
        List<String> found = new ArrayList<>();
        if (!fits(schema, value, found)) {
            problems.add(what + " = " + value + " does not fit its schema" + (found.isEmpty() ? "" : ": " + String.join("; ", found)));
        }
    }

    private static boolean fits(Schema<?> schema, String value, List<String> why) {
        if (schema == null) {
            return true;
        }
        if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()) {
            for (Schema<?> branch : schema.getAnyOf()) {
                if (!types(branch).contains("null") && fits(branch, value, why)) {
                    return true;
                }
            }
            return false;
        }
        Set<String> types = types(schema);
        if (types.contains("integer") && !value.matches("-?\\d+")) {
            why.add("not an integer");
            return false;
        }
        if (types.contains("boolean") && !value.matches("true|false")) {
            why.add("not a boolean");
            return false;
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().stream().map(String::valueOf).noneMatch(value::equals)) {
            why.add("not one of " + schema.getEnum());
            return false;
        }
        if (schema.getConst() != null && !String.valueOf(schema.getConst()).equals(value)) {
            why.add("not " + schema.getConst());
            return false;
        }
        if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(value).find()) {
            why.add("does not match " + schema.getPattern());
            return false;
        }
        if (schema.getMinLength() != null && value.length() < schema.getMinLength()
                || schema.getMaxLength() != null && value.length() > schema.getMaxLength()) {
            why.add("length out of bounds");
            return false;
        }
        return true;
    }
}
