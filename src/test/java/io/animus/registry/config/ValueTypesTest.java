package io.animus.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.animus.registry.web.ProblemException;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = { "0", "-0", "42", "-12", "0.5", "3.14159", "1e3", "1E-7", "-2.5e+10", "123456789012345678901234567890" })
    void numbersInJsonFormAreNumbers(String value) {
        assertTrue(ValueTypes.mismatch(ValueType.NUMBER, value).isEmpty(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "", " ", " 42", "42 ", "+1", "01", "1.", ".5", "0x10", "1_000", "NaN", "Infinity", "-Infinity",
            "1e", "1e999999", "1e99999999999", "true", "\"1\"" })
    void otherTextIsNotANumber(String value) {
        assertEquals("is not a number", ValueTypes.mismatch(ValueType.NUMBER, value).orElseThrow(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "true", "false" })
    void booleansAreExactlyTrueOrFalse(String value) {
        assertTrue(ValueTypes.mismatch(ValueType.BOOLEAN, value).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "TRUE", "False", "yes", "1", "0", "", " true", "on" })
    void otherTextIsNotABoolean(String value) {
        assertTrue(ValueTypes.mismatch(ValueType.BOOLEAN, value).isPresent(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"a\": [1, 2, {\"b\": null}]}", "[]", "\"text\"", "12", "true", "null", " {\"a\":1} " })
    void jsonDocumentsAreJson(String value) {
        assertTrue(ValueTypes.mismatch(ValueType.JSON, value).isEmpty(), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "{", "{a:1}", "{'a':1}", "[1,]", "{} {}", "{\"a\":1} x", "abc", "{\"a\":1,\"a\":2}" })
    void otherTextIsNotJson(String value) {
        assertTrue(ValueTypes.mismatch(ValueType.JSON, value).isPresent(), value);
    }

    @Test
    void anyTextIsAString() {
        assertTrue(ValueTypes.mismatch(ValueType.STRING, "").isEmpty());
        assertTrue(ValueTypes.mismatch(ValueType.STRING, "{not json").isEmpty());
    }

    @Test
    void noValueMatchesEveryType() {
        for (ValueType type : ValueType.values()) {
            assertTrue(ValueTypes.mismatch(type, null).isEmpty(), type.label());
        }
    }

    @Test
    void theRefusalIsA422NamingTheKeyAndTypeButNotTheValue() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> ValueTypes.check("db.pool", ValueType.NUMBER, "abc-secret-text"));
        assertEquals(422, refused.status());
        assertTrue(refused.getMessage().contains("'db.pool'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("number"), refused.getMessage());
        assertFalse(refused.getMessage().contains("abc-secret-text"), refused.getMessage());
        assertEquals("value", refused.errors().get(0).field());
        assertFalse(refused.errors().get(0).message().contains("abc-secret-text"));
    }

    @Test
    void aMatchingValuePasses() {
        ValueTypes.check("db.pool", ValueType.NUMBER, "10");
        ValueTypes.check("flag", ValueType.BOOLEAN, "false");
        ValueTypes.check("doc", ValueType.JSON, "{\"a\":1}");
    }

    @Test
    void storedTextBecomesTypedJson() {
        assertTrue(ValueTypes.toJson(ValueType.NUMBER, "10").isNumber());
        assertEquals(10, ValueTypes.toJson(ValueType.NUMBER, "10").intValue());
        assertTrue(ValueTypes.toJson(ValueType.BOOLEAN, "true").booleanValue());
        assertEquals(1, ValueTypes.toJson(ValueType.JSON, "{\"a\":1}").get("a").intValue());
        assertEquals("10", ValueTypes.toJson(ValueType.STRING, "10").textValue());
        assertTrue(ValueTypes.toJson(ValueType.NUMBER, null).isNull());
        // a value written around the API that breaks its type is shown as the text it is
        assertEquals("abc", ValueTypes.toJson(ValueType.NUMBER, "abc").textValue());
    }

    @Test
    void jsonValuesHaveATypeAndAText() {
        com.fasterxml.jackson.databind.node.JsonNodeFactory json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertEquals(ValueType.STRING, ValueTypes.typeOf(json.textNode("x")));
        assertEquals(ValueType.NUMBER, ValueTypes.typeOf(json.numberNode(2.5)));
        assertEquals(ValueType.BOOLEAN, ValueTypes.typeOf(json.booleanNode(true)));
        assertEquals(ValueType.JSON, ValueTypes.typeOf(json.objectNode()));
        assertEquals(ValueType.JSON, ValueTypes.typeOf(json.nullNode()));
        assertEquals("x", ValueTypes.toText(json.textNode("x")));
        assertEquals("{\"a\":1}", ValueTypes.toText(json.objectNode().put("a", 1)));
    }
}
