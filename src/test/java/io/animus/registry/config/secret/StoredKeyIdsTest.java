package io.animus.registry.config.secret;

import io.animus.registry.config.secret.EncryptedValuesCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The start check's query against PostgreSQL: which key ids it finds, and that it reads them from the
 * key-id indexes rather than from every stored value. Each test writes its rows in a transaction that
 * is rolled back, so no other test sees them.
 */
@QuarkusTest
class StoredKeyIdsTest {

    @Inject
    EntityManager entityManager;

    @Test
    void findsTheKeyIdOfEveryPlaceAValueIsSealedOnce() {
        inRolledBackTransaction(() -> {
            Set<String> before = EncryptedValuesCheck.storedKeyIds(entityManager);
            insert("INSERT INTO system_config (config_key, config_value, is_encrypted) VALUES"
                    + " ('test.keyids.a', 'enc:v1:aaaa1111:c2VhbGVk', true), ('test.keyids.b', 'enc:v1:aaaa1111:b3RoZXI=', true)");
            insert("INSERT INTO env_vars (var_name, var_value, is_encrypted) VALUES ('TEST_KEYIDS', 'enc:v1:bbbb2222:c2VhbGVk', true)");
            insert("INSERT INTO config_history (table_name, entry_key, version, action, new_value, new_type, new_encrypted)"
                    + " VALUES ('env_vars', 'test-keyids-new', 1, 'create', 'enc:v1:cccc3333:c2VhbGVk', 'string', true)");
            insert("INSERT INTO config_history (table_name, entry_key, version, action, old_value, old_type, old_encrypted)"
                    + " VALUES ('env_vars', 'test-keyids-old', 2, 'delete', 'enc:v1:dddd4444:c2VhbGVk', 'string', true)");

            Set<String> found = EncryptedValuesCheck.storedKeyIds(entityManager);
            assertTrue(found.containsAll(Set.of("aaaa1111", "bbbb2222", "cccc3333", "dddd4444")), found.toString());
            assertEquals(before.size() + 4, found.size(), "each key id once: " + found);
        });
    }

    @Test
    void plaintextFlaggedEncryptedIsTheEmptyIdAndUnflaggedValuesAreNotRead() {
        inRolledBackTransaction(() -> {
            insert("INSERT INTO system_config (config_key, config_value, is_encrypted) VALUES"
                    + " ('test.keyids.plain', 'stored before encryption', true),"
                    + " ('test.keyids.unflagged', 'enc:v1:eeee5555:bG9va3MgbGlrZSBpdA==', false)");

            Set<String> found = EncryptedValuesCheck.storedKeyIds(entityManager);
            assertTrue(found.contains(""), found.toString());
            assertFalse(found.contains("eeee5555"), "a value not flagged encrypted is not a sealed value: " + found);
        });
    }

    @Test
    void theHistoryIsReadThroughItsKeyIdIndexes() {
        inRolledBackTransaction(() -> {
            // With sequential scans priced out, a plan that still scans config_history means the query no
            // longer matches an index (its expression or its predicate drifted), and the check reads the
            // whole history at every start.
            entityManager.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
            @SuppressWarnings("unchecked")
            List<String> plan = entityManager.createNativeQuery("EXPLAIN " + EncryptedValuesCheck.STORED_KEY_IDS).getResultList();
            String text = String.join("\n", plan);
            assertTrue(text.contains("idx_config_history_old_key_id"), text);
            assertTrue(text.contains("idx_config_history_new_key_id"), text);
            assertFalse(text.contains("Seq Scan on config_history"), text);
        });
    }

    private void insert(String sql) {
        entityManager.createNativeQuery(sql).executeUpdate();
    }

    private static void inRolledBackTransaction(Runnable work) {
        QuarkusTransaction.begin();
        try {
            work.run();
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}
