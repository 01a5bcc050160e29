package io.animus.registry.devmode;

import java.nio.file.Path;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/** Keeps the embedded PostgreSQL, a dev-mode convenience, out of the native binary. */
@TargetClass(EmbeddedDatabase.class)
final class EmbeddedDatabaseSubstitutions {

    @Substitute
    public static EmbeddedDatabase start(Path dataDirectory, boolean clean) {
        throw new UnsupportedOperationException("The native binary has no embedded PostgreSQL: configure QUARKUS_DATASOURCE_JDBC_URL");
    }
}
