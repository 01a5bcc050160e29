package io.animus.registry.delivery;

import io.animus.registry.config.layer.LayerScope;

/** A module key and the one scope it is bound to: a tool, a tool instance or an agent. */
public record ModuleBinding(int keyId, LayerScope scope) {
}
