package io.animus.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** RFC 7396's own examples (Appendix A), and how a repeated field of the registry is compared. */
class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'a':'b'}                 | {'a':'c'}                   | {'a':'c'}",
            "{'a':'b'}                 | {'b':'c'}                   | {'a':'b','b':'c'}",
            "{'a':'b'}                 | {'a':null}                  | {}",
            "{'a':'b','b':'c'}         | {'a':null}                  | {'b':'c'}",
            "{'a':['b']}               | {'a':'c'}                   | {'a':'c'}",
            "{'a':'c'}                 | {'a':['b']}                 | {'a':['b']}",
            "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}}    | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}         | {'a':[1]}                   | {'a':[1]}",
            "['a','b']                 | ['c','d']                   | ['c','d']",
            "{'a':'b'}                 | ['c']                       | ['c']",
            "{'a':'foo'}               | null                        | null",
            "{'a':'foo'}               | 'bar'                       | 'bar'",
            "{'e':null}                | {'a':1}                     | {'e':null,'a':1}",
            "[1,2]                     | {'a':'b','c':null}          | {'a':'b'}",
            "{}                        | {'a':{'bb':{'ccc':null}}}   | {'a':{'bb':{}}}" })
    void appliesAsTheRfcShows(String target, String patch, String result) throws JsonProcessingException {
        JsonNode original = json(target);
        assertEquals(json(result), MergePatch.apply(original, json(patch)));
        assertEquals(json(target), original, "the target is left as it was");
    }

    @Test
    void aRepeatedFieldIsTheSameWhenItNamesTheSameValue() throws JsonProcessingException {
        assertTrue(Replacements.same(json("7"), json("7.0")));
        assertTrue(Replacements.same(json("'2026-12-01T22:45:26.123456Z'"), json("'2026-12-01T22:45:26.123456Z'")));
        assertTrue(Replacements.same(json("'2026-12-01T23:45:26.123456+01:00'"), json("'2026-12-01T22:45:26.123456Z'")));
        assertTrue(Replacements.same(json("null"), json("null")));
        assertTrue(Replacements.same(json("{'a':[1,2]}"), json("{'a':[1.0,2]}")));
        assertFalse(Replacements.same(json("8"), json("7")));
        assertFalse(Replacements.same(json("'2026-12-01T22:45:26.123457Z'"), json("'2026-12-01T22:45:26.123456Z'")));
        assertFalse(Replacements.same(json("'7'"), json("7")));
        assertFalse(Replacements.same(json("null"), json("7")));
        assertFalse(Replacements.same(json("'tool'"), json("'agent'")));
    }

    private static JsonNode json(String text) throws JsonProcessingException {
        return JSON.readTree(text.replace('\'', '"'));
    }
}
