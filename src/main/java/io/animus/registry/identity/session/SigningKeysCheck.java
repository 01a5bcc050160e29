package io.animus.registry.identity.session;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Stops a production start that has no keys for access tokens, with the settings to give. Dev mode
 * generates its keys into the data folder and tests bring their own; the packaged artifact carries
 * none, so production must be given both.
 */
@Singleton
public class SigningKeysCheck {

    static final String SIGN_KEY_LOCATION = "smallrye.jwt.sign.key.location";
    static final String SIGN_KEY = "smallrye.jwt.sign.key";
    static final String VERIFY_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String VERIFY_KEY = "mp.jwt.verify.publickey";

    /** Runs before the other start-up work (such as creating the first admin). */
    void onStart(@Observes @Priority(10) StartupEvent event, Config config) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            requireKeys(name -> config.getOptionalValue(name, String.class));
            requireReadableKeyFiles(name -> config.getOptionalValue(name, String.class));
        }
    }

    /** Throws, naming each setting, when a key is configured as a file that this process cannot read. */
    static void requireReadableKeyFiles(Function<String, Optional<String>> settings) {
        List<String> unreadable = new ArrayList<>();
        unreadableFile(settings, SIGN_KEY_LOCATION).ifPresent(path -> unreadable.add("SMALLRYE_JWT_SIGN_KEY_LOCATION ("
                + SIGN_KEY_LOCATION + ") names " + path));
        unreadableFile(settings, VERIFY_KEY_LOCATION).ifPresent(path -> unreadable.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION ("
                + VERIFY_KEY_LOCATION + ") names " + path));
        if (!unreadable.isEmpty()) {
            throw new UnreadableKeysException(unreadable);
        }
    }

    /** The file a location setting names (an absolute path or a {@code file:} URI) when it cannot be read. */
    static Optional<Path> unreadableFile(Function<String, Optional<String>> settings, String name) {
        return settings.apply(name).map(String::trim).filter(value -> value.startsWith("/") || value.startsWith("file:"))
                .map(value -> value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value))
                .filter(path -> !Files.isReadable(path));
    }

    /** Throws, naming every missing setting and its environment variable, when a key is not configured. */
    static void requireKeys(Function<String, Optional<String>> settings) {
        List<String> missing = missingKeys(settings);
        if (!missing.isEmpty()) {
            throw new MissingKeysException(missing);
        }
    }

    /** The descriptions of the keys that are configured neither by location nor inline. */
    static List<String> missingKeys(Function<String, Optional<String>> settings) {
        List<String> missing = new ArrayList<>();
        if (isUnset(settings, SIGN_KEY_LOCATION) && isUnset(settings, SIGN_KEY)) {
            missing.add("SMALLRYE_JWT_SIGN_KEY_LOCATION (" + SIGN_KEY_LOCATION
                    + "): the PEM private key that signs access tokens");
        }
        if (isUnset(settings, VERIFY_KEY_LOCATION) && isUnset(settings, VERIFY_KEY)) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (" + VERIFY_KEY_LOCATION
                    + "): the PEM public key that verifies them");
        }
        return missing;
    }

    private static boolean isUnset(Function<String, Optional<String>> settings, String name) {
        return settings.apply(name).filter(value -> !value.isBlank()).isEmpty();
    }

    /** The start of a production service whose key files are missing or not readable by its user. */
    public static final class UnreadableKeysException extends IllegalStateException {
        UnreadableKeysException(List<String> unreadable) {
            super("The keys of access tokens cannot be read: " + String.join(", and ", unreadable)
                    + ", which is missing or not readable by this process's user. A key mounted from a Kubernetes "
                    + "Secret (mode 0440) is readable through the pod's securityContext.fsGroup.");
        }
    }

    /** The start of a production service without the keys of its access tokens. */
    public static final class MissingKeysException extends IllegalStateException {
        MissingKeysException(List<String> missing) {
            super("The keys of access tokens are not configured. Set " + String.join(", and ", missing)
                    + ". The packaged service carries no key; generate a pair with: openssl genpkey -algorithm RSA "
                    + "-pkeyopt rsa_keygen_bits:2048 -out jwt-private.pem && openssl pkey -in jwt-private.pem -pubout "
                    + "-out jwt-public.pem. For a local run with generated keys, use ./mvnw quarkus:dev");
        }
    }
}
