package io.animus.registry.devmode;

import java.util.Map;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import io.smallrye.config.ConfigSourceContext;

/**
 * Keeps dev mode's settings, and with them the embedded PostgreSQL, out of the native binary: the
 * binary runs in production only, where the dev profile never applies.
 */
@TargetClass(DevModeConfigSourceFactory.class)
final class DevModeSubstitutions {

    @Substitute
    private static Map<String, String> devSettings(ConfigSourceContext context) {
        throw new UnsupportedOperationException("The native binary has no dev mode: configure QUARKUS_DATASOURCE_JDBC_URL");
    }
}
