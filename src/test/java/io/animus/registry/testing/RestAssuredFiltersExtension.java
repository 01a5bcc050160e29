package io.animus.registry.testing;

import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of the run (META-INF/services; Quarkus's JUnit configuration turns
 * extension autodetection on): installs the filters that watch every REST-assured exchange of the
 * suite into the REST-assured that the test class sees: {@link OpenApiContractFilter} (answers and
 * accepted requests match the served OpenAPI document) and the secrets ledger's recorder (no secret
 * reaches a response). A {@code @QuarkusTest} runs in the class loader of its application, so each
 * filter is loaded there, by name, and installed by its static {@code install()}.
 */
public class RestAssuredFiltersExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final List<String> FILTERS = List.of(
            "io.animus.registry.hardening.SecretsRecordingFilter",
            "io.animus.registry.testing.OpenApiContractFilter");

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
        for (String name : FILTERS) {
            Class<?> filter;
            try {
                filter = Class.forName(name, true, loader);
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                continue;
            }
            filter.getMethod("install").invoke(null);
        }
    }
}
