package io.animus.registry.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The placeholder rule: a whole placeholder keeps the value's JSON type, one inside text becomes text, keys are literal. */
class PlaceholdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aWholePlaceholderTakesTheValueWithItsType() throws Exception {
        JsonNode resolved = Placeholders.resolve(json("{\"n\": \"{{count}}\", \"on\": \"{{flag}}\", \"deep\": [\"{{doc}}\"]}"),
                Map.of("count", NODES.numberNode(7), "flag", NODES.booleanNode(true), "doc", json("{\"a\": [1]}")));
        assertEquals(json("{\"n\": 7, \"on\": true, \"deep\": [{\"a\": [1]}]}"), resolved);
    }

    @Test
    void aPlaceholderInsideTextBecomesTextAndAMissingValueIsEmptyOrNull() throws Exception {
        JsonNode resolved = Placeholders.resolve(json("{\"name\": \"{{name}}-search-{{count}}\", \"gone\": \"{{region}}\", \"in\": \"x{{region}}y\"}"),
                Map.of("name", NODES.textNode("Athena"), "count", NODES.numberNode(3)));
        assertEquals(json("{\"name\": \"Athena-search-3\", \"gone\": null, \"in\": \"xy\"}"), resolved);
    }

    @Test
    void keysAndTextThatIsNoPlaceholderStayAsTheyAre() throws Exception {
        JsonNode template = json("{\"{{name}}\": \"{{ name }}\", \"b\": \"{{Name}}\", \"c\": \"{name}\", \"d\": 5}");
        assertEquals(template, Placeholders.resolve(template, Map.of("name", NODES.textNode("x"))));
        assertFalse(Placeholders.any(template));
    }

    @Test
    void aValueThatLooksLikeAReplacementIsInsertedLiterally() throws Exception {
        JsonNode resolved = Placeholders.resolve(NODES.textNode("pay {{amount}} now"), Map.of("amount", NODES.textNode("$1 \\2")));
        assertEquals("pay $1 \\2 now", resolved.textValue());
    }

    @Test
    void visitNamesEachPlaceholderWithItsPath() throws Exception {
        List<String> found = new ArrayList<>();
        Placeholders.visit(json("{\"a\": {\"b\": [\"x\", \"{{one}} and {{two}}\"]}}"), "config", (path, name) -> found.add(path + "=" + name));
        assertEquals(List.of("config.a.b[1]=one", "config.a.b[1]=two"), found);
        assertEquals(Optional.of("one"), Placeholders.whole(NODES.textNode("{{one}}")));
        assertEquals(Optional.empty(), Placeholders.whole(NODES.textNode("{{one}} ")));
        assertTrue(Placeholders.any(NODES.textNode("a{{b}}")));
    }
}
