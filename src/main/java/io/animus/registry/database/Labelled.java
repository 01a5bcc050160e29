package io.animus.registry.database;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.persistence.AttributeConverter;

/**
 * An enumeration whose values are spelled, in the database and in JSON, exactly as the seed
 * spells them ({@code "Healthy"}, {@code "global"}, {@code "viewer"}).
 */
public interface Labelled {

    /** The value as stored and as sent over the API. */
    String label();

    /** The constant of {@code type} spelled {@code label}, or an error that lists the allowed values. */
    static <E extends Enum<E> & Labelled> E fromLabel(Class<E> type, String label) {
        for (E constant : type.getEnumConstants()) {
            if (constant.label().equals(label)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not one of " + labels(type));
    }

    /** The allowed values of {@code type}, for messages. */
    static <E extends Enum<E> & Labelled> String labels(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Labelled::label).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Stores a labelled enumeration by its label. */
    abstract class Converter<E extends Enum<E> & Labelled> implements AttributeConverter<E, String> {

        private final Class<E> type;

        protected Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.label();
        }

        @Override
        public E convertToEntityAttribute(String label) {
            return label == null ? null : fromLabel(type, label);
        }
    }
}
