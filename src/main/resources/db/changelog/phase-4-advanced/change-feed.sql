--liquibase formatted sql

--changeset animus:phase4-changes-table
--comment: the change feed: which row of which table was created, updated or deleted, by whom, in commit order; never a value
CREATE TABLE changes (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the transaction that made the change, until its commit gives it a position
    xid                    XID8         NOT NULL DEFAULT pg_current_xact_id(),
    -- the feed's cursor: assigned when the transaction commits, in commit order (see docs/decisions.md)
    position               BIGINT,
    table_name             VARCHAR(40)  NOT NULL,
    row_id                 BIGINT       NOT NULL,
    op                     VARCHAR(7)   NOT NULL CONSTRAINT ck_changes_op CHECK (op IN ('created', 'updated', 'deleted')),
    at                     TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- the registry user whose request made the change (the setting animus.user_id); NULL for psql, migrations, discovery
    by_user                INTEGER,
    -- the agent the row belongs to, and that agent's visibility at the time, so that readers see only their agents' rows
    agent_id               INTEGER,
    agent_visible_to_users JSONB,
    agent_visible_to_roles JSONB,
    CONSTRAINT uq_changes_position UNIQUE (position)
);
CREATE INDEX idx_changes_unpositioned ON changes (xid) WHERE position IS NULL;
CREATE INDEX idx_changes_at ON changes (at);
CREATE SEQUENCE changes_position_seq AS BIGINT;
-- what pruning has removed: a cursor below pruned_through is older than the retention (410)
CREATE TABLE change_feed_state (
    id             INTEGER     PRIMARY KEY CONSTRAINT ck_change_feed_state_one_row CHECK (id = 1),
    pruned_through BIGINT      NOT NULL DEFAULT 0,
    pruned_at      TIMESTAMPTZ
);
INSERT INTO change_feed_state (id) VALUES (1);
--rollback DROP TABLE change_feed_state; DROP SEQUENCE changes_position_seq; DROP TABLE changes;

--changeset animus:phase4-changes-capture splitStatements:false
--comment: row triggers record every change of the followed tables, whoever makes it (API, psql, migration); positions are given at commit
CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r       JSONB;
    agent   INTEGER;
    users   JSONB;
    roles   JSONB;
    by_user INTEGER;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := to_jsonb(OLD);
    ELSE
        r := to_jsonb(NEW);
    END IF;
    IF TG_TABLE_NAME = 'agents' THEN
        agent := (r->>'id')::integer;
        users := r->'visible_to_users';
        roles := r->'visible_to_roles';
    ELSE
        agent := CASE TG_TABLE_NAME
            WHEN 'tool_instances' THEN (r->>'agent_id')::integer
            WHEN 'agent_configs' THEN (r->>'agent_id')::integer
            WHEN 'configurations' THEN CASE WHEN r->>'scope' = 'agent' THEN (r->>'scope_id')::integer END
            WHEN 'service_keys' THEN (r->>'agent_id')::integer
        END;
        IF agent IS NOT NULL THEN
            SELECT a.visible_to_users, a.visible_to_roles INTO users, roles FROM agents a WHERE a.id = agent;
        END IF;
    END IF;
    BEGIN
        by_user := NULLIF(current_setting('animus.user_id', true), '')::integer;
    EXCEPTION WHEN invalid_text_representation THEN
        by_user := NULL;
    END;
    INSERT INTO changes (table_name, row_id, op, by_user, agent_id, agent_visible_to_users, agent_visible_to_roles)
    VALUES (TG_TABLE_NAME, (r->>'id')::bigint,
            CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END,
            by_user, agent, users, roles);
    RETURN NULL;
END
$$;

-- At commit (deferred), the first change of a transaction gives all of them their positions under one
-- lock held until the commit ends, so positions follow commit order and none becomes visible before a
-- lower one; one announcement per transaction wakes the readers of every replica.
CREATE FUNCTION position_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    newest BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM changes WHERE xid = pg_current_xact_id() AND position IS NULL) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7021786238383026535);
    WITH mine AS (
        SELECT s.id, nextval('changes_position_seq') AS position
        FROM (SELECT id FROM changes WHERE xid = pg_current_xact_id() AND position IS NULL ORDER BY id) s
    )
    UPDATE changes c SET position = mine.position, at = clock_timestamp() FROM mine WHERE c.id = mine.id;
    SELECT max(position) INTO newest FROM changes WHERE xid = pg_current_xact_id();
    PERFORM pg_notify('animus_changes', newest::text);
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER trg_changes_position AFTER INSERT ON changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION position_changes();

CREATE TRIGGER trg_agents_changes AFTER INSERT OR UPDATE OR DELETE ON agents FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_tools_changes AFTER INSERT OR UPDATE OR DELETE ON tools FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_tool_instances_changes AFTER INSERT OR UPDATE OR DELETE ON tool_instances FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_plugins_changes AFTER INSERT OR UPDATE OR DELETE ON plugins FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_configurations_changes AFTER INSERT OR UPDATE OR DELETE ON configurations FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_system_config_changes AFTER INSERT OR UPDATE OR DELETE ON system_config FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_env_vars_changes AFTER INSERT OR UPDATE OR DELETE ON env_vars FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_agent_configs_changes AFTER INSERT OR UPDATE OR DELETE ON agent_configs FOR EACH ROW EXECUTE FUNCTION record_change();
-- bookkeeping of use is no change: a key's last_used_at, a user's logins, failures and lockouts
CREATE TRIGGER trg_service_keys_changes AFTER INSERT OR DELETE ON service_keys FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_service_keys_updates AFTER UPDATE ON service_keys FOR EACH ROW
    WHEN ((OLD.name, OLD.role, OLD.revoked_at, OLD.tool_id, OLD.tool_instance_id, OLD.agent_id)
          IS DISTINCT FROM (NEW.name, NEW.role, NEW.revoked_at, NEW.tool_id, NEW.tool_instance_id, NEW.agent_id))
    EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_users_changes AFTER INSERT OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_users_updates AFTER UPDATE ON users FOR EACH ROW
    WHEN ((OLD.username, OLD.email, OLD.role, OLD.permissions, OLD.is_active, OLD.password_hash)
          IS DISTINCT FROM (NEW.username, NEW.email, NEW.role, NEW.permissions, NEW.is_active, NEW.password_hash))
    EXECUTE FUNCTION record_change();
CREATE TRIGGER trg_discovery_runs_changes AFTER INSERT OR UPDATE OR DELETE ON discovery_runs FOR EACH ROW EXECUTE FUNCTION record_change();
--rollback DROP TRIGGER trg_agents_changes ON agents; DROP TRIGGER trg_tools_changes ON tools; DROP TRIGGER trg_tool_instances_changes ON tool_instances; DROP TRIGGER trg_plugins_changes ON plugins; DROP TRIGGER trg_configurations_changes ON configurations; DROP TRIGGER trg_system_config_changes ON system_config; DROP TRIGGER trg_env_vars_changes ON env_vars; DROP TRIGGER trg_agent_configs_changes ON agent_configs; DROP TRIGGER trg_service_keys_changes ON service_keys; DROP TRIGGER trg_service_keys_updates ON service_keys; DROP TRIGGER trg_users_changes ON users; DROP TRIGGER trg_users_updates ON users; DROP TRIGGER trg_discovery_runs_changes ON discovery_runs; DROP TRIGGER trg_changes_position ON changes; DROP FUNCTION position_changes(); DROP FUNCTION record_change();
