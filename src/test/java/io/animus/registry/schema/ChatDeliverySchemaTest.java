package io.animus.registry.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.animus.registry.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** The schema beyond the seed for chat delivery and service keys: its index, rules and announcements. */
@QuarkusTest
class ChatDeliverySchemaTest {

    @Inject
    AgroalDataSource dataSource;

    Sql sql;
    Rows rows;

    @BeforeEach
    void setUp() {
        sql = new Sql(dataSource);
        rows = new Rows(sql);
    }

    @Test
    void pendingMessagesHaveAPartialIndexInClaimOrder() {
        String definition = sql.value(String.class, "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_web_chat_messages_pending'");
        assertTrue(definition.endsWith("USING btree (id) WHERE (NOT processed)"), definition);
        assertTrue(sql.value(String.class, "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_web_chat_responses_session'")
                .endsWith("USING btree (session_id, id)"));
    }

    @Test
    void aMessageStartsUnclaimed() {
        var row = sql.rows("INSERT INTO web_chat_messages (session_id, message) VALUES (?, 'hi') "
                + "RETURNING delivery_attempts, claimed_until, claim_token, processed_at", rows.chatSession()).get(0);
        assertEquals(0, row.get("delivery_attempts"));
        assertEquals(null, row.get("claimed_until"));
        assertEquals(null, row.get("claim_token"));
        assertEquals(null, row.get("processed_at"));
        sql.refusedBy(Sql.CHECK, "ck_web_chat_messages_delivery_attempts",
                "INSERT INTO web_chat_messages (session_id, message, delivery_attempts) VALUES (?, 'hi', -1)", rows.chatSession());
    }

    @Test
    void aServiceKeyIsAHashWithAKnownRoleAndANameInUseOnce() {
        String name = Rows.unique("broca");
        String insert = "INSERT INTO service_keys (name, key_hash, role) VALUES (?, ?, ?)";
        sql.refusedBy(Sql.CHECK, "ck_service_keys_key_hash", insert, name, "the key itself", "broca");
        sql.refusedBy(Sql.CHECK, "ck_service_keys_key_hash", insert, name, hash().toUpperCase(), "broca");
        sql.refusedBy(Sql.CHECK, "ck_service_keys_role", insert, name, hash(), "admin");
        String hash = hash();
        int first = sql.insertId(insert + " RETURNING id", name, hash, "broca");
        sql.refusedBy(Sql.UNIQUE, "uq_service_keys_active_name", insert, name.toUpperCase(), hash(), "broca");
        sql.refusedBy(Sql.UNIQUE, "uq_service_keys_key_hash", insert, Rows.unique("other"), hash, "broca");
        sql.update("UPDATE service_keys SET revoked_at = now() WHERE id = ?", first);
        sql.update(insert, name, hash(), "broca");
    }

    private static String hash() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Test
    void newMessagesAcknowledgementsAndRepliesAreAnnouncedOnCommit() throws Exception {
        String session = rows.chatSession();
        try (Connection listener = sql.connection()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN animus_chat");
            }
            int message = sql.insertId("INSERT INTO web_chat_messages (session_id, message) VALUES (?, 'hi') RETURNING id", session);
            sql.update("UPDATE web_chat_messages SET claim_token = 'x' WHERE id = ?", message);
            sql.update("UPDATE web_chat_messages SET processed = true WHERE id = ?", message);
            sql.update("UPDATE web_chat_messages SET processed = true WHERE id = ?", message);
            int reply = sql.insertId("INSERT INTO web_chat_responses (session_id, response) VALUES (?, 'hello') RETURNING id", session);

            List<String> heard = new ArrayList<>();
            PGConnection postgres = listener.unwrap(PGConnection.class);
            for (int i = 0; i < 20 && heard.size() < 3; i++) {
                PGNotification[] notifications = postgres.getNotifications(250);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        heard.add(notification.getParameter());
                    }
                }
            }
            heard.addAll(drain(postgres));
            assertEquals(List.of("message:" + message + ":" + session, "processed:" + message + ":" + session,
                    "response:" + reply + ":" + session), heard.stream().filter(p -> p.endsWith(":" + session)).toList());
        }
    }

    /**
     * A statement that writes many rows is announced once, a line per row; past NOTIFY's payload limit
     * the lines are split over several notifications, each row still announced exactly once.
     */
    @Test
    void aStatementIsAnnouncedOnceWithALinePerRow() throws Exception {
        String session = rows.chatSession();
        try (Connection listener = sql.connection()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN animus_chat");
            }
            PGConnection postgres = listener.unwrap(PGConnection.class);
            drainAll(postgres);
            List<String> ids = sql.strings("INSERT INTO web_chat_messages (session_id, message) SELECT ?, 'm' || n"
                    + " FROM generate_series(1, 3) n RETURNING id", session);
            List<String> heard = drainAll(postgres);
            assertEquals(List.of(ids.stream().map(id -> "message:" + id + ":" + session).collect(Collectors.joining("\n"))), heard);

            sql.update("UPDATE web_chat_messages SET processed = true WHERE session_id = ?", session);
            assertEquals(List.of(ids.stream().map(id -> "processed:" + id + ":" + session).collect(Collectors.joining("\n"))),
                    drainAll(postgres));
            // an update that marks nothing processed (a claim) announces nothing
            sql.update("UPDATE web_chat_messages SET claim_token = 'y' WHERE session_id = ?", session);
            assertEquals(List.of(), drainAll(postgres));

            List<String> many = sql.strings("INSERT INTO web_chat_messages (session_id, message) SELECT ?, 'm' || n"
                    + " FROM generate_series(1, 500) n RETURNING id", session);
            List<String> split = drainAll(postgres);
            assertTrue(split.size() > 1, "500 rows need more than one notification: " + split.size());
            split.forEach(payload -> assertTrue(payload.length() < 8000, "a payload under NOTIFY's limit"));
            assertEquals(many.stream().map(id -> "message:" + id + ":" + session).toList(),
                    split.stream().flatMap(payload -> List.of(payload.split("\n")).stream()).sorted(
                            java.util.Comparator.comparingInt(line -> Integer.parseInt(line.split(":")[1]))).toList());
        }
    }

    /** Every notification until none comes for 300 ms. */
    private static List<String> drainAll(PGConnection postgres) throws Exception {
        List<String> all = new ArrayList<>();
        for (List<String> more = drain(postgres); !more.isEmpty(); more = drain(postgres)) {
            all.addAll(more);
        }
        return all;
    }

    private static List<String> drain(PGConnection postgres) throws Exception {
        List<String> more = new ArrayList<>();
        PGNotification[] notifications = postgres.getNotifications(300);
        if (notifications != null) {
            for (PGNotification notification : notifications) {
                more.add(notification.getParameter());
            }
        }
        return more;
    }
}
