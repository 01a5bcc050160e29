package io.animus.registry.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which statements drop the cached layers of the replica that sends them. */
class ConfigurationWritesTest {

    @Test
    void writesToTheTablesOfTheLayersAreSeen() {
        assertTrue(ConfigurationWrites.isWrite("insert into configurations (key,value) values (?,?)"));
        assertTrue(ConfigurationWrites.isWrite("update system_config set config_value=? where id=?"));
        assertTrue(ConfigurationWrites.isWrite("delete from agent_configs where id=?"));
        assertTrue(ConfigurationWrites.isWrite("DELETE FROM configurations WHERE scope = 'agent' AND scope_id = :id"));
        assertTrue(ConfigurationWrites.isWrite("  update tool_instances set config=? where id=?"));
        assertTrue(ConfigurationWrites.isWrite("update agents set visible_to_roles=? where id=?"));
        assertTrue(ConfigurationWrites.isWrite("delete from tools where id=?"));
        assertTrue(ConfigurationWrites.isWrite("TRUNCATE TABLE configurations"));
    }

    @Test
    void readsAndWritesOfOtherTablesAreNot() {
        assertFalse(ConfigurationWrites.isWrite("select c1_0.id from configurations c1_0"));
        assertFalse(ConfigurationWrites.isWrite("insert into secret_reveals (entry_key) values (?)"));
        assertFalse(ConfigurationWrites.isWrite("update service_keys set last_used_at=? where id=?"));
        assertFalse(ConfigurationWrites.isWrite("insert into config_history (entry_key) values (?)"));
        assertFalse(ConfigurationWrites.isWrite("update agents_archive set x=1"));
        assertFalse(ConfigurationWrites.isWrite(""));
    }
}
