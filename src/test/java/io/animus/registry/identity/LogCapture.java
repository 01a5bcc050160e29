package io.animus.registry.identity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Collects the formatted log lines of a logger (and those below it) while a test runs. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Level> levels = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Captures {@code category}; the empty string captures everything. */
    public static LogCapture of(String category) {
        return new LogCapture(category);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder line = new StringBuilder(String.valueOf(message));
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            line.append(" | ").append(cause);
        }
        lines.add(line.toString());
        levels.add(record.getLevel());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines logged at WARN or above. */
    public List<String> warnings() {
        List<String> warnings = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (levels.get(i).intValue() >= Level.WARNING.intValue()) {
                warnings.add(lines.get(i));
            }
        }
        return warnings;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
