package io.animus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The session {@code animus login} opened, kept in {@code session.json} of the config folder (mode 0600,
 * the folder 0700): the registry's URL, the user, the refresh token and the current access token.
 * After a logout only the URL and the user stay, for the next login; the tokens are null.
 */
public record StoredSession(String url, String username, String refreshToken, String accessToken, Instant accessExpiresAt) {

    static final String FILE = "session.json";

    /** The file of the stored session. */
    public static Path file(Terminal terminal) {
        return terminal.configFolder().resolve(FILE);
    }

    /** The stored session, or null when nobody signed in. */
    public static StoredSession load(Terminal terminal) {
        Path file = file(terminal);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode stored = Output.JSON.readTree(file.toFile());
            return new StoredSession(stored.path("url").asText(), stored.path("username").asText(null),
                    stored.path("refresh_token").asText(null), stored.path("access_token").asText(null),
                    stored.hasNonNull("access_expires_at") ? Instant.parse(stored.get("access_expires_at").asText()) : Instant.EPOCH);
        } catch (IOException | RuntimeException e) {
            throw new Failure(Exit.USAGE, "cannot read " + file + " (" + e.getMessage() + "): remove it and run animus login");
        }
    }

    /** This session after a login or a refresh answered {@code answer}. */
    public StoredSession renewed(JsonNode answer) {
        return new StoredSession(url, username, answer.path("refresh_token").asText(), answer.path("access_token").asText(),
                Instant.now().plusSeconds(answer.path("expires_in").asLong(0)));
    }

    /** Whether this is a session (not what a logout left: the URL and the user alone). */
    public boolean signedIn() {
        return refreshToken != null;
    }

    /** What a logout leaves: the URL and the user, for the next login. */
    public StoredSession signedOut() {
        return new StoredSession(url, username, null, null, Instant.EPOCH);
    }

    /** Whether the access token is missing or ends within the next half minute. */
    public boolean accessExpired() {
        return accessToken == null || accessToken.isEmpty() || Instant.now().plusSeconds(30).isAfter(accessExpiresAt);
    }

    /** Writes the session, readable by its owner only, replacing the previous one at once. */
    public void save(Terminal terminal) {
        Path file = file(terminal);
        ObjectNode stored = Output.JSON.createObjectNode()
                .put("url", url).put("username", username).put("refresh_token", refreshToken)
                .put("access_token", accessToken).put("access_expires_at", accessExpiresAt.toString());
        try {
            Path folder = Files.createDirectories(file.getParent());
            try {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the user's profile folder protects it
            }
            Path written = folder.resolve(FILE + ".new");
            Files.deleteIfExists(written);
            try {
                Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(written);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another animus is writing " + written, e);
            }
            Files.writeString(written, Output.JSON.writeValueAsString(stored));
            try {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Failure(Exit.ERROR, "cannot write " + file + " (" + e.getMessage() + "): check the folder's permissions");
        }
    }
}
