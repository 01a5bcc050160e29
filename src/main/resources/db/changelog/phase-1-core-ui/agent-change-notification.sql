--liquibase formatted sql

--changeset animus:phase1-agents-change-notification splitStatements:false
--comment: every committed change of an agent is announced on channel animus_agents, so that each replica evicts its cached copy
CREATE FUNCTION notify_agent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('animus_agents', COALESCE(NEW.id, OLD.id)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_agents_notify AFTER INSERT OR UPDATE OR DELETE ON agents
    FOR EACH ROW EXECUTE FUNCTION notify_agent_change();
--rollback DROP TRIGGER trg_agents_notify ON agents; DROP FUNCTION notify_agent_change();
