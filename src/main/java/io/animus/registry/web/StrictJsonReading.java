package io.animus.registry.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Reads request bodies exactly as sent. A body followed by anything but white space
 * ({@code {"name": "x"}]}"}}) is refused rather than read up to its first closing brace; a JSON
 * number in a free-form field ({@code config}) past the range of a double ({@code 1e400}) is refused
 * rather than read as Infinity and stored as the string {@code "Infinity"}; a fraction is not an
 * integer ({@code "agent_id": 1.5} is refused rather than read as 1).
 */
@Singleton
public class StrictJsonReading implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.setNodeFactory(new FiniteNumbers());
    }

    /** A JSON number that a double cannot hold; Jackson reports it with the path of its field. */
    static final class NumberOutOfRange extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        NumberOutOfRange() {
            super("is a number out of the range of a double (about 1.8e308)");
        }
    }

    /** Builds JSON trees as Jackson does, refusing numbers that a double cannot hold. */
    static final class FiniteNumbers extends JsonNodeFactory {

        private static final long serialVersionUID = 1L;

        @Override
        public NumericNode numberNode(double value) {
            return super.numberNode(finite(value));
        }

        @Override
        public ValueNode numberNode(Double value) {
            return super.numberNode(value == null ? null : finite(value));
        }

        @Override
        public NumericNode numberNode(float value) {
            return super.numberNode((float) finite(value));
        }

        private static double finite(double value) {
            if (Double.isInfinite(value) || Double.isNaN(value)) {
                throw new NumberOutOfRange();
            }
            return value;
        }
    }
}
