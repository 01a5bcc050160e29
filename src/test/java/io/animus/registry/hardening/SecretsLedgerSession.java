package io.animus.registry.hardening;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Starts each test run with an empty secrets ledger and an empty service log (META-INF/services). */
public class SecretsLedgerSession implements LauncherSessionListener {

    /** A launcher session can be opened more than once in one JVM; the ledger is emptied at the first only. */
    private static final String RESET = "animus.secrets-ledger.reset";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        synchronized (System.class) {
            if (System.getProperty(RESET) == null) {
                System.setProperty(RESET, "done");
                SecretsLedger.reset();
            }
        }
    }
}
