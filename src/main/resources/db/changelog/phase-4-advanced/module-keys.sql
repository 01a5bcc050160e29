--liquibase formatted sql

--changeset animus:phase4-service-keys-module-role splitStatements:false
--comment: service keys of role module, bound to exactly one tool, tool instance or agent; deleting that scope revokes them
ALTER TABLE service_keys DROP CONSTRAINT ck_service_keys_role;
ALTER TABLE service_keys ADD CONSTRAINT ck_service_keys_role CHECK (role IN ('broca', 'module'));
ALTER TABLE service_keys
    ADD COLUMN tool_id          INTEGER CONSTRAINT fk_service_keys_tool REFERENCES tools (id) ON DELETE SET NULL,
    ADD COLUMN tool_instance_id INTEGER CONSTRAINT fk_service_keys_tool_instance REFERENCES tool_instances (id) ON DELETE SET NULL,
    ADD COLUMN agent_id         INTEGER CONSTRAINT fk_service_keys_agent REFERENCES agents (id) ON DELETE SET NULL;
-- a module key in use names exactly one scope; a broca key names none; a revoked key may have lost its scope
ALTER TABLE service_keys ADD CONSTRAINT ck_service_keys_scope CHECK (
    CASE role
        WHEN 'module' THEN num_nonnulls(tool_id, tool_instance_id, agent_id) = 1
                           OR (revoked_at IS NOT NULL AND num_nonnulls(tool_id, tool_instance_id, agent_id) = 0)
        ELSE num_nonnulls(tool_id, tool_instance_id, agent_id) = 0
    END);
CREATE INDEX idx_service_keys_tool ON service_keys (tool_id) WHERE tool_id IS NOT NULL;
CREATE INDEX idx_service_keys_tool_instance ON service_keys (tool_instance_id) WHERE tool_instance_id IS NOT NULL;
CREATE INDEX idx_service_keys_agent ON service_keys (agent_id) WHERE agent_id IS NOT NULL;
-- the delete of a scope lets go of it (ON DELETE SET NULL); a module key left without a scope is revoked in that same update
CREATE FUNCTION revoke_unbound_module_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'module' AND NEW.revoked_at IS NULL AND num_nonnulls(NEW.tool_id, NEW.tool_instance_id, NEW.agent_id) = 0 THEN
        NEW.revoked_at := CURRENT_TIMESTAMP;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER trg_service_keys_revoke_unbound BEFORE UPDATE OF tool_id, tool_instance_id, agent_id ON service_keys
    FOR EACH ROW EXECUTE FUNCTION revoke_unbound_module_key();
--rollback DROP TRIGGER trg_service_keys_revoke_unbound ON service_keys; DROP FUNCTION revoke_unbound_module_key(); ALTER TABLE service_keys DROP CONSTRAINT ck_service_keys_scope; ALTER TABLE service_keys DROP COLUMN tool_id, DROP COLUMN tool_instance_id, DROP COLUMN agent_id; ALTER TABLE service_keys DROP CONSTRAINT ck_service_keys_role; ALTER TABLE service_keys ADD CONSTRAINT ck_service_keys_role CHECK (role IN ('broca'));
