--liquibase formatted sql

--changeset animus:phase4-tool-versions-columns
--comment: the version string of a tool and, on tools and plugins, the hash of the definition that is current (its row in the version tables)
ALTER TABLE tools ADD COLUMN version VARCHAR(50);
ALTER TABLE tools ADD COLUMN version_hash VARCHAR(64);
ALTER TABLE plugins ADD COLUMN version_hash VARCHAR(64);
--rollback ALTER TABLE plugins DROP COLUMN version_hash; ALTER TABLE tools DROP COLUMN version_hash, DROP COLUMN version;

--changeset animus:phase4-tool-versions-tables
--comment: every version a tool or plugin has had, from a manifest or from the API; rows are never changed
CREATE TABLE tool_versions (
    id                BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tool_id           INTEGER      NOT NULL CONSTRAINT fk_tool_versions_tool REFERENCES tools (id) ON DELETE CASCADE,
    version           VARCHAR(50),
    -- SHA-256 (hex) of the manifest's bytes as found, or of the API definition as canonical JSON text (jsonb's)
    manifest_hash     VARCHAR(64)  NOT NULL,
    -- the manifest as found (comments dropped), or the definition the API wrote
    manifest          JSONB        NOT NULL,
    config_schema     JSONB,
    source            VARCHAR(10)  NOT NULL CONSTRAINT ck_tool_versions_source CHECK (source IN ('discovery', 'api')),
    discovered_from   TEXT,
    -- the run that found it; no foreign key: runs are pruned, versions are kept
    discovery_run_id  BIGINT,
    -- the user who wrote it; no foreign key: the row outlives the account and is never changed
    recorded_by       INTEGER,
    recorded_at       TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- the latest earlier row of the same version string with another body, when there is one
    conflicts_with    BIGINT,
    -- the tool instances whose configs did not validate against this row's config_schema when it was recorded
    invalid_instances JSONB        CONSTRAINT ck_tool_versions_invalid_instances CHECK (jsonb_typeof(invalid_instances) = 'array'),
    CONSTRAINT ck_tool_versions_origin CHECK (source = 'discovery' AND discovered_from IS NOT NULL
        OR source = 'api' AND discovered_from IS NULL AND discovery_run_id IS NULL)
);
CREATE UNIQUE INDEX uq_tool_versions_identity ON tool_versions (tool_id, COALESCE(version, ''), manifest_hash);

CREATE TABLE plugin_versions (
    id                BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plugin_id         INTEGER      NOT NULL CONSTRAINT fk_plugin_versions_plugin REFERENCES plugins (id) ON DELETE CASCADE,
    version           VARCHAR(50),
    manifest_hash     VARCHAR(64)  NOT NULL,
    manifest          JSONB        NOT NULL,
    config_schema     JSONB,
    source            VARCHAR(10)  NOT NULL CONSTRAINT ck_plugin_versions_source CHECK (source IN ('discovery', 'api')),
    discovered_from   TEXT,
    discovery_run_id  BIGINT,
    recorded_by       INTEGER,
    recorded_at       TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    conflicts_with    BIGINT,
    CONSTRAINT ck_plugin_versions_origin CHECK (source = 'discovery' AND discovered_from IS NOT NULL
        OR source = 'api' AND discovered_from IS NULL AND discovery_run_id IS NULL)
);
CREATE UNIQUE INDEX uq_plugin_versions_identity ON plugin_versions (plugin_id, COALESCE(version, ''), manifest_hash);
--rollback DROP TABLE plugin_versions; DROP TABLE tool_versions;

--changeset animus:phase4-tool-versions-immutable splitStatements:false
--comment: a version row is never updated, and deleted only with its tool or plugin
CREATE FUNCTION refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- the delete that cascades from the tool's (plugin's) own delete runs once that row is gone
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'tool_versions' THEN
        IF NOT EXISTS (SELECT 1 FROM tools WHERE id = OLD.tool_id) THEN
            RETURN OLD;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM plugins WHERE id = OLD.plugin_id) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'rows of % are immutable: a version is never changed, and deleted only with its %', TG_TABLE_NAME,
        CASE TG_TABLE_NAME WHEN 'tool_versions' THEN 'tool' ELSE 'plugin' END
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER trg_tool_versions_immutable BEFORE UPDATE OR DELETE ON tool_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_version_change();
CREATE TRIGGER trg_plugin_versions_immutable BEFORE UPDATE OR DELETE ON plugin_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_version_change();
CREATE FUNCTION refuse_version_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are immutable: a version table is never truncated', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER trg_tool_versions_no_truncate BEFORE TRUNCATE ON tool_versions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_version_truncate();
CREATE TRIGGER trg_plugin_versions_no_truncate BEFORE TRUNCATE ON plugin_versions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_version_truncate();
--rollback DROP TRIGGER trg_plugin_versions_no_truncate ON plugin_versions; DROP TRIGGER trg_tool_versions_no_truncate ON tool_versions; DROP FUNCTION refuse_version_truncate(); DROP TRIGGER trg_plugin_versions_immutable ON plugin_versions; DROP TRIGGER trg_tool_versions_immutable ON tool_versions; DROP FUNCTION refuse_version_change();

--changeset animus:phase4-tool-versions-backfill
--comment: the definition each existing tool and plugin has now becomes its first version row
UPDATE tools SET version = left(manifest ->> 'version', 50) WHERE discovered_from IS NOT NULL AND manifest IS NOT NULL;
UPDATE tools SET version_hash = manifest_hash WHERE manifest_hash IS NOT NULL;
UPDATE tools SET version_hash = encode(sha256(convert_to(jsonb_build_object('name', name, 'version', version,
        'description', description, 'emoji', emoji, 'category', category, 'module_scope', module_scope,
        'config_schema', config_schema)::text, 'UTF8')), 'hex')
    WHERE version_hash IS NULL AND discovered_from IS NULL;
INSERT INTO tool_versions (tool_id, version, manifest_hash, manifest, config_schema, source, discovered_from, recorded_by)
    SELECT id, version, version_hash,
           CASE WHEN discovered_from IS NULL THEN jsonb_build_object('name', name, 'version', version,
               'description', description, 'emoji', emoji, 'category', category, 'module_scope', module_scope,
               'config_schema', config_schema) ELSE manifest END,
           config_schema, CASE WHEN discovered_from IS NULL THEN 'api' ELSE 'discovery' END, discovered_from,
           CASE WHEN discovered_from IS NULL THEN created_by END
    FROM tools WHERE version_hash IS NOT NULL;
UPDATE plugins SET version_hash = manifest_hash WHERE manifest_hash IS NOT NULL;
UPDATE plugins SET version_hash = encode(sha256(convert_to(jsonb_build_object('name', name, 'version', version,
        'config', config, 'dependencies', dependencies)::text, 'UTF8')), 'hex')
    WHERE version_hash IS NULL AND discovered_from IS NULL;
INSERT INTO plugin_versions (plugin_id, version, manifest_hash, manifest, config_schema, source, discovered_from, recorded_by)
    SELECT id, version, version_hash,
           CASE WHEN discovered_from IS NULL THEN jsonb_build_object('name', name, 'version', version,
               'config', config, 'dependencies', dependencies) ELSE manifest END,
           CASE WHEN discovered_from IS NULL THEN NULL ELSE manifest -> 'config_schema' END,
           CASE WHEN discovered_from IS NULL THEN 'api' ELSE 'discovery' END, discovered_from,
           CASE WHEN discovered_from IS NULL THEN created_by END
    FROM plugins WHERE version_hash IS NOT NULL;
--rollback DELETE FROM plugin_versions; DELETE FROM tool_versions;
