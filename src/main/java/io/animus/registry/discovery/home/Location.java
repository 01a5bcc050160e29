package io.animus.registry.discovery.home;

import io.animus.registry.tool.ModuleScope;

/** The seed's three places for manifests under the Animus home, each with the kind of entry it describes. */
public enum Location {
    /** {@code agents/<agent>/modules/<module>/manifest.json}: a module installed in one agent's folder. */
    AGENT_MODULE("agents", ModuleScope.AGENT),
    /** {@code tools/<tool>/manifest.json}: a tool of the whole system. */
    TOOL("tools", ModuleScope.GLOBAL),
    /** {@code plugins/<plugin>/manifest.json}: a plugin of the tool its manifest names. */
    PLUGIN("plugins", null);

    private final String root;
    private final ModuleScope defaultScope;

    Location(String root, ModuleScope defaultScope) {
        this.root = root;
        this.defaultScope = defaultScope;
    }

    /** The folder under the Animus home, without a slash. */
    public String root() {
        return root;
    }

    /** The scope a manifest here has when it names none; plugins follow their tool. */
    public ModuleScope defaultScope() {
        return defaultScope;
    }
}
