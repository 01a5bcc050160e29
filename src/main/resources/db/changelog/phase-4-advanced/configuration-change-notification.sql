--liquibase formatted sql

--changeset animus:phase4-configuration-change-notification splitStatements:false
--comment: every committed statement that changes a table the effective configuration reads is announced on channel animus_configuration (payload: the table), so that each replica drops its cached layers
CREATE FUNCTION notify_configuration_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('animus_configuration', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_system_config_notify_configuration AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON system_config
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
CREATE TRIGGER trg_configurations_notify_configuration AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON configurations
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
CREATE TRIGGER trg_agent_configs_notify_configuration AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agent_configs
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
CREATE TRIGGER trg_tool_instances_notify_configuration AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tool_instances
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
CREATE TRIGGER trg_tools_notify_configuration AFTER INSERT OR DELETE OR TRUNCATE ON tools
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
CREATE TRIGGER trg_agents_notify_configuration AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agents
    FOR EACH STATEMENT EXECUTE FUNCTION notify_configuration_change();
--rollback DROP TRIGGER trg_system_config_notify_configuration ON system_config; DROP TRIGGER trg_configurations_notify_configuration ON configurations; DROP TRIGGER trg_agent_configs_notify_configuration ON agent_configs; DROP TRIGGER trg_tool_instances_notify_configuration ON tool_instances; DROP TRIGGER trg_tools_notify_configuration ON tools; DROP TRIGGER trg_agents_notify_configuration ON agents; DROP FUNCTION notify_configuration_change();
