package io.animus.registry.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import io.animus.registry.database.Labelled;

/**
 * Reads query parameters strictly, answering 400 with the reason: enumerations by the seed's
 * spelling ({@code status=Off}), booleans only as {@code true}/{@code false} (the JAX-RS default reads
 * any other word as false), integers within range.
 */
@Provider
public class StrictParamConverters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType.isEnum() && Labelled.class.isAssignableFrom(rawType)) {
            return (ParamConverter<T>) new LabelledConverter(rawType);
        }
        if (rawType == Boolean.class) {
            return (ParamConverter<T>) new BooleanConverter();
        }
        if (rawType == Integer.class) {
            return (ParamConverter<T>) new IntegerConverter();
        }
        return null;
    }

    private static final class LabelledConverter implements ParamConverter<Object> {
        private final Class<?> type;

        LabelledConverter(Class<?> type) {
            this.type = type;
        }

        @Override
        public Object fromString(String value) {
            StringBuilder allowed = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                String label = ((Labelled) constant).label();
                if (label.equals(value)) {
                    return constant;
                }
                allowed.append(allowed.length() == 0 ? "" : ", ").append(label);
            }
            throw ProblemException.badRequest("'" + value + "' is not one of [" + allowed + "]");
        }

        @Override
        public String toString(Object value) {
            return ((Labelled) value).label();
        }
    }

    private static final class BooleanConverter implements ParamConverter<Boolean> {
        @Override
        public Boolean fromString(String value) {
            if ("true".equals(value) || "false".equals(value)) {
                return Boolean.valueOf(value);
            }
            throw ProblemException.badRequest("'" + value + "' is not a boolean: use true or false");
        }

        @Override
        public String toString(Boolean value) {
            return value.toString();
        }
    }

    private static final class IntegerConverter implements ParamConverter<Integer> {
        @Override
        public Integer fromString(String value) {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("'" + value + "' is not an integer between "
                        + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
            }
        }

        @Override
        public String toString(Integer value) {
            return value.toString();
        }
    }
}
