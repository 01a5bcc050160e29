package io.animus.registry.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the web console served at {@code /}. */
@ConfigMapping(prefix = "animus.console")
public interface ConsoleConfig {

    /** Marks the console's cookies Secure on every request, for a TLS-terminating proxy that does not forward the scheme. */
    @WithDefault("false")
    boolean secureCookies();

    /** Rows on one page of a console list. */
    @WithDefault("100")
    int pageSize();
}
