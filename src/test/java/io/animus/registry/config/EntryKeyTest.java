package io.animus.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EntryKeyTest {

    @Test
    void everyFormRoundTrips() {
        for (EntryKey key : new EntryKey[] {
                EntryKey.configuration(Scope.SYSTEM, null, "db.pool"),
                EntryKey.configuration(Scope.AGENT, 7, "a:key:with:colons"),
                EntryKey.systemConfig("smtp.password"),
                EntryKey.envVar("API_TOKEN"),
                EntryKey.agentConfig(3, "model:name") }) {
            assertEquals(key, EntryKey.parse(key.text()), key.text());
        }
    }

    @Test
    void theTextFormsAreStable() {
        assertEquals("configurations:system::db.pool", EntryKey.configuration(Scope.SYSTEM, null, "db.pool").text());
        assertEquals("configurations:tool:4:timeout", EntryKey.configuration(Scope.TOOL, 4, "timeout").text());
        assertEquals("system_config:smtp.password", EntryKey.systemConfig("smtp.password").text());
        assertEquals("env_vars:API_TOKEN", EntryKey.envVar("API_TOKEN").text());
        assertEquals("agent_configs:3:model", EntryKey.agentConfig(3, "model").text());
    }

    @Test
    void malformedKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("nothing"));
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("users:1"));
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("configurations:agent:x:key"));
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("configurations:planet:1:key"));
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("configurations:system"));
        assertThrows(IllegalArgumentException.class, () -> EntryKey.parse("agent_configs:3"));
    }
}
