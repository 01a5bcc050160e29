package io.animus.registry.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * No secret of the whole test run reached a response body or a log line of the service: the
 * plaintext of encrypted values, passwords and refresh tokens, as recorded by
 * {@link SecretsRecordingFilter} while every other test class ran.
 * <p>
 * A plain JUnit class: Quarkus's class orderer runs those after every {@code @QuarkusTest}, so the
 * record is complete when this runs. Run alone, it fails: with nothing recorded it would prove nothing.
 */
class SecretsLeakTest {

    @Test
    void noRecordedSecretAppearsInAnyResponseOrLogLine() {
        Map<String, String> secrets = SecretsLedger.secrets();
        long responses = SecretsLedger.responsesScanned();
        List<String> log = SecretsLedger.lines(SecretsLedger.SERVICE_LOG);
        Map<String, Long> kinds = new java.util.TreeMap<>();
        secrets.values().forEach(kind -> kinds.merge(kind, 1L, Long::sum));
        System.out.printf("Secrets ledger: %d distinct secrets recorded %s; %d response bodies scanned; %d log lines of the"
                + " service scanned (%s)%n", secrets.size(), kinds, responses, log.size(), SecretsLedger.SERVICE_LOG);

        assertTrue(secrets.size() > 10 && kinds.size() == 4,
                "too few secrets recorded to mean anything (run the whole suite, not this class alone): " + kinds);
        assertTrue(responses > 1000, "too few responses scanned: " + responses);
        assertTrue(log.size() > 100, "too few log lines to scan: " + log.size() + " in " + SecretsLedger.SERVICE_LOG);

        List<String> leaks = new ArrayList<>(SecretsLedger.leaks());
        int banners = 0;
        for (int i = 0; i < log.size(); i++) {
            String line = log.get(i);
            if (isFirstAdminBanner(log, i)) {
                // by design: a first admin's generated password is printed once, in this banner (docs/identity.md)
                banners++;
                continue;
            }
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (line.contains(secret.getKey())) {
                    leaks.add("log line " + (i + 1) + " shows a " + secret.getValue() + ": "
                            + line.replace(secret.getKey(), "<" + secret.getValue() + ">"));
                }
            }
        }
        System.out.printf("Secrets ledger: %d log lines left out as the first admin's generated-password banner%n", banners);
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks.subList(0, Math.min(30, leaks.size()))));
    }

    /** The line that shows the generated password, up to three lines below the banner's first line. */
    private static boolean isFirstAdminBanner(List<String> log, int index) {
        for (int back = 1; back <= 3 && index - back >= 0; back++) {
            if (log.get(index - back).contains("created the administrator 'admin' with this generated password")) {
                return log.get(index).startsWith("    ");
            }
        }
        return false;
    }
}
