package io.animus.registry.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Something a scan could not use, and why.
 *
 * @param path where, relative to the Animus home ({@code .} is the home itself)
 * @param reason what is wrong, in words an operator can act on
 */
@RegisterForReflection
public record DiscoveryProblem(String path, String reason) implements Comparable<DiscoveryProblem> {

    @Override
    public int compareTo(DiscoveryProblem other) {
        int byPath = path.compareTo(other.path);
        return byPath != 0 ? byPath : reason.compareTo(other.reason);
    }
}
