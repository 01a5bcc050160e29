package io.animus.registry.config.envvar;

import java.time.Instant;
import java.util.Map;

/**
 * Writes environment variables as a dotenv file in POSIX shell syntax, so that the file means the
 * same to every reader that follows the shell's double-quote rules.
 * <p>
 * Each variable is one assignment {@code NAME="value"}. Inside the double quotes, {@code \}, {@code "},
 * {@code $} and {@code `} are escaped with a backslash; every other character, newlines included,
 * stands for itself. A null value is written as {@code ""}.
 * <ul>
 * <li>Read back exactly by {@code sh}/{@code bash}/{@code dash} ({@code set -a; . ./file; set +a}) and by
 * systemd's {@code EnvironmentFile=} (its parser follows the same double-quote rules).</li>
 * <li>python-dotenv reads it back exactly unless a value holds {@code $} or {@code `}: it keeps the
 * backslash in front of them.</li>
 * <li>{@code docker --env-file} and {@code kubectl create secret --from-env-file} do not unquote at all:
 * they would keep the quotes. Load the file with a shell instead (see docs/configuration.md).</li>
 * </ul>
 */
public final class Dotenv {

    private Dotenv() {
    }

    /** The file for these variables, in their order, under a comment header. */
    public static String write(Map<String, String> variables, Instant exportedAt) {
        StringBuilder file = new StringBuilder()
                .append("# Environment variables of the Animus registry, exported ").append(exportedAt).append('\n')
                .append("# POSIX shell syntax: load with  set -a; . ./this-file; set +a  or systemd EnvironmentFile=\n");
        variables.forEach((name, value) -> file.append(name).append('=').append(quote(value)).append('\n'));
        return file.toString();
    }

    /**
     * The variable name of a configuration key, by the rule of {@code env_vars.var_name}
     * ({@code [A-Za-z_][A-Za-z0-9_]*}): upper case, every other character turned into {@code _}, and a
     * leading digit (or an empty key) preceded by {@code _}. {@code mcp.port} becomes {@code MCP_PORT}.
     */
    public static String name(String key) {
        StringBuilder name = new StringBuilder(key.length() + 1);
        if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            name.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /** A value as a double-quoted shell word. */
    public static String quote(String value) {
        if (value == null) {
            return "\"\"";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '$' || c == '`') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
