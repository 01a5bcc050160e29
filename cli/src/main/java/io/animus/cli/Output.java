package io.animus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Prints what the registry answered as a table for people, or as JSON or YAML for programs. */
public final class Output {

    /** The formats of {@code --output}. */
    public enum Format {
        table, json, yaml
    }

    /** The JSON of requests and answers: the tree model only, so nothing needs reflection in a native binary. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private static final int WIDEST_CELL = 48;

    private Output() {
    }

    /** Prints one value (an object) or a list (an array) in the format. */
    public static void print(PrintWriter out, Format format, JsonNode value) {
        try {
            switch (format) {
                case json -> out.println(JSON.writeValueAsString(value));
                case yaml -> out.print(YAML.writeValueAsString(value));
                case table -> out.print(value.isArray() ? rows(value) : pairs(value));
            }
        } catch (JsonProcessingException e) {
            throw new Failure(Exit.ERROR, "cannot print the answer: " + e.getOriginalMessage());
        }
        out.flush();
    }

    /** A list as a table: one row per item, one column per field that holds a plain value. */
    static String rows(JsonNode items) {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode item : items) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isValueNode()) {
                    columns.add(field.getKey());
                }
            }
        }
        List<List<String>> table = new ArrayList<>();
        table.add(columns.stream().map(column -> column.toUpperCase()).toList());
        for (JsonNode item : items) {
            table.add(columns.stream().map(column -> cell(item.get(column))).toList());
        }
        return aligned(table);
    }

    /** One object as two columns: each field and its value. */
    static String pairs(JsonNode value) {
        if (!value.isObject()) {
            return cell(value) + "\n";
        }
        List<List<String>> table = new ArrayList<>();
        value.fields().forEachRemaining(field -> table.add(List.of(field.getKey(), cell(field.getValue()))));
        return aligned(table);
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        text = text.replace('\n', ' ');
        return text.length() > WIDEST_CELL ? text.substring(0, WIDEST_CELL - 1) + "…" : text;
    }

    private static String aligned(List<List<String>> table) {
        int columns = table.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
