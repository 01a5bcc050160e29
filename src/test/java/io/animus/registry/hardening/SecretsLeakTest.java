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

        assertTrue(secrets.size() > 10 && kinds.size() == 3,
                "too few secrets recorded to mean anything (run the whole suite, not this class alone): " + kinds);
        assertTrue(responses > 1000, "too few responses scanned: " + responses);
        assertTrue(log.size() > 100, "too few log lines to scan: " + log.size() + " in " + SecretsLedger.SERVICE_LOG);

        List<String> leaks = new ArrayList<>(SecretsLedger.leaks());
        for (int i = 0; i < log.size(); i++) {
            String line = log.get(i);
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                if (line.contains(secret.getKey())) {
                    leaks.add("log line " + (i + 1) + " shows a " + secret.getValue() + ": "
                            + line.replace(secret.getKey(), "<" + secret.getValue() + ">"));
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks.subList(0, Math.min(30, leaks.size()))));
    }
}
