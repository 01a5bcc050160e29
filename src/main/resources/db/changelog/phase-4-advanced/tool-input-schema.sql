--liquibase formatted sql

--changeset animus:phase4-tool-input-schema
--comment: the JSON Schema of a tool's arguments (an SMCP command's parameters), apart from config_schema, which is what a module is configured with; kept with each version of the tool
ALTER TABLE tools ADD COLUMN input_schema JSONB;
ALTER TABLE tool_versions ADD COLUMN input_schema JSONB;
--rollback ALTER TABLE tool_versions DROP COLUMN input_schema; ALTER TABLE tools DROP COLUMN input_schema;
