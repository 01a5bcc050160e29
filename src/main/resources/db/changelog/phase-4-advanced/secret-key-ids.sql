--liquibase formatted sql

--changeset animus:phase4-secret-key-id-function splitStatements:false runOnChange:true
--comment: the id of the key that sealed a stored value ('' for a value flagged encrypted but stored in plaintext): what the start check reads. The key-id indexes below are built from it: a changed definition needs a changeset that rebuilds them (REINDEX)
CREATE OR REPLACE FUNCTION secret_key_id(stored TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN stored LIKE 'enc:v1:%' THEN split_part(stored, ':', 3) ELSE '' END
$$;
--rollback DROP FUNCTION secret_key_id(TEXT);

--changeset animus:phase4-secret-key-id-indexes
--comment: the key ids of encrypted values, so that the start check reads each distinct id from an index instead of scanning every value and all of their history
CREATE INDEX idx_configurations_key_id ON configurations (secret_key_id(value)) WHERE is_encrypted AND value IS NOT NULL;
CREATE INDEX idx_system_config_key_id ON system_config (secret_key_id(config_value)) WHERE is_encrypted AND config_value IS NOT NULL;
CREATE INDEX idx_env_vars_key_id ON env_vars (secret_key_id(var_value)) WHERE is_encrypted AND var_value IS NOT NULL;
CREATE INDEX idx_agent_configs_key_id ON agent_configs (secret_key_id(config_value)) WHERE is_encrypted AND config_value IS NOT NULL;
CREATE INDEX idx_config_history_old_key_id ON config_history (secret_key_id(old_value)) WHERE old_encrypted AND old_value IS NOT NULL;
CREATE INDEX idx_config_history_new_key_id ON config_history (secret_key_id(new_value)) WHERE new_encrypted AND new_value IS NOT NULL;
--rollback DROP INDEX idx_config_history_new_key_id, idx_config_history_old_key_id, idx_agent_configs_key_id, idx_env_vars_key_id, idx_system_config_key_id, idx_configurations_key_id;
