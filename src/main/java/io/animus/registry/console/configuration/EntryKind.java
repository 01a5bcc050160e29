package io.animus.registry.console.configuration;

import io.animus.registry.web.ProblemException;

/** The kinds of configuration entry the configuration page edits besides system settings, each with its tab. */
public enum EntryKind {

    ENV_VARS("env-vars", "Environment variables", "environment variable"),
    AGENT_CONFIGS("agent-configs", "Agent settings", "agent setting"),
    CONFIGURATIONS("configurations", "Scoped configurations", "configuration");

    private final String path;
    private final String title;
    private final String noun;

    EntryKind(String path, String title, String noun) {
        this.path = path;
        this.title = title;
        this.noun = noun;
    }

    /** The kind a URL names; 404 for none. */
    static EntryKind of(String path) {
        for (EntryKind kind : values()) {
            if (kind.path.equals(path)) {
                return kind;
            }
        }
        throw ProblemException.notFound("The configuration page has no list named '" + path + "'");
    }

    public String path() {
        return path;
    }

    public String title() {
        return title;
    }

    public String noun() {
        return noun;
    }

    /** The page of this kind's entries. */
    public String page() {
        return "/configuration/entries/" + path;
    }

    /** The id of an entry's line in the page, and of the form that edits it. */
    public String dom(int id) {
        return path + "-" + id;
    }

    /** Whether its values have a declared type (environment variables are text). */
    public boolean typed() {
        return this != ENV_VARS;
    }

    /** The scopes a scoped configuration may have, as the forms spell them. */
    public java.util.List<String> scopes() {
        return java.util.Arrays.stream(io.animus.registry.config.Scope.values()).map(io.animus.registry.config.Scope::label).toList();
    }

    /** Whether its entries have a description. */
    public boolean described() {
        return this != AGENT_CONFIGS;
    }
}
