package io.animus.registry.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A system event raised in Java, inside the transaction that makes it happen: a CDI event whose
 * observer ({@link WebhookOutbox}) writes the outbox rows in that transaction. Events that a row
 * records (a lockout, a reveal, a rollback, a switch-off, a scan's problems) are raised by triggers
 * of the schema instead. {@code data} holds names and ids, never a secret value.
 */
public record SystemEvent(EventType type, Map<String, Object> data) {

    /** The kind of key in a {@link EventType#KEY_ROTATED} event whose values were all rewrapped under the current secrets key. */
    public static final String SECRETS_KEY = "secrets_key";

    public SystemEvent {
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A service key rotated: it is revoked, and a successor of the same name, role and scope was issued. */
    public static SystemEvent serviceKeyRotated(int keyId, String name, String role) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", "service_key");
        data.put("service_key_id", keyId);
        data.put("name", name);
        data.put("role", role);
        return new SystemEvent(EventType.KEY_ROTATED, data);
    }

    /** Every encrypted value was sealed again under the current secrets key {@code keyId} (its id, never the key). */
    public static SystemEvent secretsRewrapped(String keyId, long rewrapped) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", SECRETS_KEY);
        data.put("key_id", keyId);
        data.put("rewrapped", rewrapped);
        return new SystemEvent(EventType.KEY_ROTATED, data);
    }

    public static SystemEvent lettaAgentMissing(int agentId, String lettaUid, String lettaId, String name, boolean switchedOff) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agent_id", agentId);
        data.put("letta_uid", lettaUid);
        data.put("letta_id", lettaId);
        data.put("name", name);
        data.put("switched_off", switchedOff);
        return new SystemEvent(EventType.LETTA_AGENT_MISSING, data);
    }

    public static SystemEvent lettaAgentUnregistered(String lettaId, String name) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("letta_id", lettaId);
        data.put("name", name);
        return new SystemEvent(EventType.LETTA_AGENT_UNREGISTERED, data);
    }

    /** Whether this event says that every encrypted value now lives under the current secrets key. */
    boolean rewrapsSecrets() {
        return type == EventType.KEY_ROTATED && SECRETS_KEY.equals(data.get("kind"));
    }
}
