package io.animus.registry.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the whole test run sent as secrets and what it saw, kept in files under {@code target/} so
 * that every class loader of the run (each Quarkus application of a test profile has its own) adds
 * to one record: the plaintext of every encrypted value, every password and every refresh token
 * (recorded by {@link SecretsRecordingFilter}), a tally of the response bodies scanned, and the
 * leaks found. {@link SecretsLeakTest}, which runs last, checks the record and the service's log.
 */
final class SecretsLedger {

    static final Path DIRECTORY = Path.of("target", "secrets-ledger");
    static final Path SECRETS = DIRECTORY.resolve("secrets.tsv");
    static final Path RESPONSES = DIRECTORY.resolve("responses.tally");
    static final Path LEAKS = DIRECTORY.resolve("leaks.txt");
    /** The service's log of the test run ({@code %test.quarkus.log.file.path}). */
    static final Path SERVICE_LOG = Path.of("target", "quarkus-test.log");

    /** Shorter values are too common to tell a leak from a coincidence ({@code "1"}, {@code "true"}). */
    static final int MIN_LENGTH = 8;

    private SecretsLedger() {
    }

    /** Empties the record and the log, at the start of a run. */
    static void reset() {
        try {
            Files.createDirectories(DIRECTORY);
            for (Path file : List.of(SECRETS, RESPONSES, LEAKS, SERVICE_LOG)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean worthRecording(String value) {
        return value != null && value.length() >= MIN_LENGTH && !value.equals("********");
    }

    /** Adds a secret of {@code kind} (password, encrypted value, refresh token). */
    static void secret(String kind, String value) {
        append(SECRETS, kind + "\t" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n");
    }

    /** A value that is no longer secret: its entry was stored again unencrypted, on purpose. */
    static void declassified(String value) {
        secret("declassified", value);
    }

    static void responseScanned() {
        append(RESPONSES, ".");
    }

    static void leak(String description) {
        append(LEAKS, description.replace('\n', ' ') + "\n");
    }

    /** The secrets recorded so far, each with its kind; declassified values are left out. */
    static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String line : lines(SECRETS)) {
            String[] parts = line.split("\t", 2);
            if (parts.length < 2) {
                continue;
            }
            String value = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            if (parts[0].equals("declassified")) {
                secrets.remove(value);
            } else {
                secrets.put(value, parts[0]);
            }
        }
        return secrets;
    }

    static long responsesScanned() {
        try {
            return Files.exists(RESPONSES) ? Files.size(RESPONSES) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> leaks() {
        return lines(LEAKS);
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void append(Path file, String text) {
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
