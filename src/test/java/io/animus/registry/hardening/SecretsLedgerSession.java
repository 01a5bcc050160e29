package io.animus.registry.hardening;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Starts each test run with an empty secrets ledger and an empty service log (META-INF/services). */
public class SecretsLedgerSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        SecretsLedger.reset();
    }
}
