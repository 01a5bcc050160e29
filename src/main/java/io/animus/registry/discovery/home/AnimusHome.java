package io.animus.registry.discovery.home;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Animus home that discovery walks ({@code animus.home}, environment {@code ANIMUS_HOME}, default {@code ~/animus}). */
@ApplicationScoped
public class AnimusHome {

    @ConfigProperty(name = "animus.home", defaultValue = "~/animus")
    String configured;

    /** The configured folder as an absolute path, {@code ~/} read as the user's home. */
    public Path path() {
        return resolve(configured);
    }

    public static Path resolve(String configured) {
        String value = configured == null || configured.isBlank() ? "~/animus" : configured.strip();
        if (value.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), value.substring(2));
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
