package io.animus.cli.module;

import io.animus.cli.Exit;
import io.animus.cli.Failure;
import io.animus.cli.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The module key of {@code animus run} and {@code animus export}: from {@code --key-file}, else the file
 * {@code ANIMUS_MODULE_KEY_FILE} names, else {@code ANIMUS_MODULE_KEY}. Never from an argument, which every
 * user of the machine can read in the process list.
 */
public class ModuleKey {

    /** The variables that carry the key or its file; a child of {@code animus run} gets neither. */
    public static final String KEY_VARIABLE = "ANIMUS_MODULE_KEY";
    public static final String FILE_VARIABLE = "ANIMUS_MODULE_KEY_FILE";

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "A file holding the module key (default: $ANIMUS_MODULE_KEY_FILE, else $ANIMUS_MODULE_KEY).")
    Path keyFile;

    /** The key, stripped of surrounding white space. */
    public String read(Terminal terminal) {
        Path file = keyFile != null ? keyFile : terminal.variable(FILE_VARIABLE) != null ? Path.of(terminal.variable(FILE_VARIABLE)) : null;
        String key;
        if (file != null) {
            try {
                key = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new Failure(Exit.USAGE, "cannot read the module key file " + file + " (" + e.getClass().getSimpleName()
                        + "): give a readable file with --key-file");
            }
            if (key.isEmpty()) {
                throw new Failure(Exit.USAGE, "the module key file " + file + " is empty: write the key the registry issued into it");
            }
        } else {
            key = terminal.variable(KEY_VARIABLE);
            if (key == null) {
                throw new Failure(Exit.USAGE, "no module key: set ANIMUS_MODULE_KEY, or give --key-file FILE (an administrator issues one: POST /api/v1/service-keys with role module)");
            }
            key = key.strip();
        }
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new Failure(Exit.USAGE, "the module key holds spaces or control characters: give the key exactly as the registry issued it");
        }
        return key;
    }
}
