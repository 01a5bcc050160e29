package io.animus.registry.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads request bodies exactly as sent. A body followed by anything but white space
 * ({@code {"name": "x"}]}"}}) is refused rather than read up to its first closing brace, and a
 * JSON number in a free-form field ({@code config}) keeps its value: read as a double, {@code 1e400}
 * would become Infinity and be stored as the string {@code "Infinity"}. A fraction is not an integer:
 * {@code "agent_id": 1.5} is refused rather than read as 1.
 */
@Singleton
public class StrictJsonReading implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
