package io.animus.registry.hardening;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of the run (META-INF/services; Quarkus's JUnit configuration turns
 * extension autodetection on): installs {@link SecretsRecordingFilter} into the REST-assured that
 * the test class sees. A {@code @QuarkusTest} runs in the class loader of its application, so the
 * filter is loaded there, by name.
 */
public class SecretsLedgerExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        install(context);
    }

    private static void install(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class<?> filter;
        try {
            filter = Class.forName(SecretsRecordingFilter.class.getName(), true, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return;
        }
        filter.getMethod("install").invoke(null);
    }
}
