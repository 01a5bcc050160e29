package io.animus.registry.config;

import io.animus.registry.config.envvar.Dotenv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DotenvTest {

    @Test
    void shellSpecialCharactersAreEscapedInsideDoubleQuotes() {
        assertEquals("\"plain\"", Dotenv.quote("plain"));
        assertEquals("\"a \\\"quoted\\\" word\"", Dotenv.quote("a \"quoted\" word"));
        assertEquals("\"C:\\\\path\"", Dotenv.quote("C:\\path"));
        assertEquals("\"\\$HOME and \\`cmd\\`\"", Dotenv.quote("$HOME and `cmd`"));
        assertEquals("\"two\nlines\"", Dotenv.quote("two\nlines"));
        assertEquals("\"it's\"", Dotenv.quote("it's"));
        assertEquals("\"\"", Dotenv.quote(null));
        assertEquals("\"\"", Dotenv.quote(""));
    }
}
