package io.animus.registry.discovery;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one scan did. {@code seen} counts manifest files found; the other counts are registry
 * entries (tools, tool instances and plugins): an agent module that is new creates its tool
 * instance, and its tool too when no other manifest defined it before.
 */
@RegisterForReflection
public record ScanCounts(int seen, int created, int updated, int unchanged, int switchedOff) {

    public static final ScanCounts NONE = new ScanCounts(0, 0, 0, 0, 0);

    public ScanCounts withSeen(int seen) {
        return new ScanCounts(seen, created, updated, unchanged, switchedOff);
    }
}
