package io.animus.registry.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON property names are the seed's column names: snake_case for every request and response
 * record. Set in code rather than by {@code quarkus.jackson.property-naming-strategy}, which names
 * the strategy by class and looks it up by reflection, which the native binary does not allow.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
