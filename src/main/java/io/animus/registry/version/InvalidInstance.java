package io.animus.registry.version;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tool instance whose config does not satisfy a tool's new {@code config_schema}: its id and the
 * paths of the failing fields (never their values), so that an upgrade can say what to fix.
 */
@RegisterForReflection
public record InvalidInstance(int instanceId, List<String> fields) {
}
