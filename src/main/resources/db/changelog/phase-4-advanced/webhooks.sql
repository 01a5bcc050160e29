--liquibase formatted sql

--changeset animus:phase4-webhooks-tables
--comment: webhooks that admins register for system events, the events raised, and one delivery per webhook and event (the outbox)
CREATE SEQUENCE webhooks_id_seq AS INTEGER;
CREATE TABLE webhooks (
    -- from a sequence rather than an identity: the id is known before the insert, and the sealed secret is bound to it
    id          INTEGER       PRIMARY KEY DEFAULT nextval('webhooks_id_seq'),
    url         VARCHAR(2000) NOT NULL,
    events      JSONB         NOT NULL CONSTRAINT ck_webhooks_events
                CHECK (jsonb_typeof(events) = 'array' AND jsonb_array_length(events) > 0),
    -- the signing secret, sealed with the registry's secrets key (enc:v1:...) for the entry webhooks:<id>; never returned
    secret      TEXT          NOT NULL,
    description VARCHAR(1000),
    is_active   BOOLEAN       NOT NULL DEFAULT true,
    created_by  INTEGER       CONSTRAINT fk_webhooks_created_by REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- the replica sending this webhook's deliveries, and until when its claim holds (bookkeeping: no version change)
    leased_by   VARCHAR(100),
    lease_until TIMESTAMPTZ
);
ALTER SEQUENCE webhooks_id_seq OWNED BY webhooks.id;
CREATE INDEX idx_webhooks_created_by ON webhooks (created_by);
CREATE TRIGGER trg_webhooks_updated_at BEFORE UPDATE OF url, events, secret, description, is_active ON webhooks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE webhook_events (
    id          BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the id receivers see, to recognise an event delivered twice
    uid         UUID         NOT NULL DEFAULT gen_random_uuid(),
    event_type  VARCHAR(40)  NOT NULL,
    -- names and ids only: never a value of a setting, a key or a password
    data        JSONB        NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT uq_webhook_events_uid UNIQUE (uid)
);
CREATE INDEX idx_webhook_events_occurred_at ON webhook_events (occurred_at);

CREATE TABLE webhook_deliveries (
    id              BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      INTEGER      NOT NULL CONSTRAINT fk_webhook_deliveries_webhook REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        BIGINT       NOT NULL CONSTRAINT fk_webhook_deliveries_event REFERENCES webhook_events (id) ON DELETE CASCADE,
    status          VARCHAR(10)  NOT NULL DEFAULT 'pending'
                    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER      NOT NULL DEFAULT 0 CONSTRAINT ck_webhook_deliveries_attempts CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    last_attempt_at TIMESTAMPTZ,
    -- the receiver's HTTP status of the last attempt, or NULL when it gave none (refused, timed out)
    response_status INTEGER,
    last_error      VARCHAR(500),
    duration_ms     INTEGER,
    delivered_at    TIMESTAMPTZ,
    -- the delivery this one sends again, when an admin asked for a redelivery
    redelivery_of   BIGINT       CONSTRAINT fk_webhook_deliveries_redelivery_of REFERENCES webhook_deliveries (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
-- what a sender reads: the pending deliveries of one webhook, oldest first
CREATE INDEX idx_webhook_deliveries_pending ON webhook_deliveries (webhook_id, id) WHERE status = 'pending';
CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id DESC);
CREATE INDEX idx_webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX idx_webhook_deliveries_redelivery_of ON webhook_deliveries (redelivery_of) WHERE redelivery_of IS NOT NULL;
--rollback DROP TABLE webhook_deliveries; DROP TABLE webhook_events; DROP TABLE webhooks;

--changeset animus:phase4-webhook-event-function splitStatements:false runOnChange:true
--comment: raises a system event: one event row and one pending delivery per active webhook that subscribes to it, in the caller's transaction
CREATE OR REPLACE FUNCTION webhook_event(kind TEXT, payload JSONB, only_webhook INTEGER DEFAULT NULL) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    event BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.is_active
                   AND (w.id = only_webhook OR (only_webhook IS NULL AND jsonb_exists(w.events, kind)))) THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook_events (event_type, data) VALUES (kind, payload) RETURNING id INTO event;
    INSERT INTO webhook_deliveries (webhook_id, event_id)
        SELECT w.id, event FROM webhooks w
        WHERE w.is_active AND (w.id = only_webhook OR (only_webhook IS NULL AND jsonb_exists(w.events, kind)))
        ORDER BY w.id;
    RETURN event;
END
$$;
--rollback DROP FUNCTION webhook_event(TEXT, JSONB, INTEGER);

--changeset animus:phase4-webhook-event-triggers splitStatements:false
--comment: the system events that rows record are raised by triggers on those rows, whoever writes them (API, discovery, psql)
CREATE FUNCTION webhook_on_switched_off() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r JSONB := to_jsonb(NEW);
BEGIN
    PERFORM webhook_event('discovery.switched_off', jsonb_strip_nulls(jsonb_build_object(
        'kind', CASE TG_TABLE_NAME WHEN 'tools' THEN 'tool' WHEN 'tool_instances' THEN 'tool_instance' ELSE 'plugin' END,
        'id', NEW.id, 'name', r->'name', 'tool_id', r->'tool_id', 'agent_id', r->'agent_id',
        'status', r->'status', 'discovered_from', r->'discovered_from')));
    RETURN NULL;
END
$$;
-- discovery switches a row Off by clearing the hash of the manifest that has gone; nothing else clears it
CREATE TRIGGER trg_tools_webhook_switched_off AFTER UPDATE OF manifest_hash ON tools FOR EACH ROW
    WHEN (OLD.manifest_hash IS NOT NULL AND NEW.manifest_hash IS NULL) EXECUTE FUNCTION webhook_on_switched_off();
CREATE TRIGGER trg_tool_instances_webhook_switched_off AFTER UPDATE OF manifest_hash ON tool_instances FOR EACH ROW
    WHEN (OLD.manifest_hash IS NOT NULL AND NEW.manifest_hash IS NULL) EXECUTE FUNCTION webhook_on_switched_off();
CREATE TRIGGER trg_plugins_webhook_switched_off AFTER UPDATE OF manifest_hash ON plugins FOR EACH ROW
    WHEN (OLD.manifest_hash IS NOT NULL AND NEW.manifest_hash IS NULL) EXECUTE FUNCTION webhook_on_switched_off();

-- a scan's problems are announced when it finds one the previous scan did not report, not on every scan
CREATE FUNCTION webhook_on_discovery_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous JSONB;
    fresh    JSONB;
BEGIN
    SELECT r.problems INTO previous FROM discovery_runs r WHERE r.id <> NEW.id ORDER BY r.started_at DESC, r.id DESC LIMIT 1;
    SELECT coalesce(jsonb_agg(p ORDER BY n), '[]'::jsonb) INTO fresh
        FROM jsonb_array_elements(NEW.problems) WITH ORDINALITY AS e (p, n)
        WHERE previous IS NULL OR NOT previous @> jsonb_build_array(p);
    IF jsonb_array_length(fresh) > 0 THEN
        PERFORM webhook_event('discovery.problems', jsonb_build_object(
            'run_id', NEW.id, 'outcome', NEW.outcome, 'triggered_by', NEW.triggered_by, 'started_at', NEW.started_at,
            'problem_count', NEW.problem_count, 'new_problem_count', jsonb_array_length(fresh),
            'new_problems', (SELECT coalesce(jsonb_agg(p ORDER BY n), '[]'::jsonb)
                             FROM jsonb_array_elements(fresh) WITH ORDINALITY AS f (p, n) WHERE n <= 50)));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_discovery_runs_webhook AFTER INSERT ON discovery_runs FOR EACH ROW
    WHEN (NEW.problem_count > 0) EXECUTE FUNCTION webhook_on_discovery_run();

CREATE FUNCTION webhook_on_account_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('account.locked', jsonb_build_object(
        'user_id', NEW.id, 'username', NEW.username, 'role', NEW.role, 'locked_until', NEW.locked_until,
        'lockout_count', NEW.lockout_count));
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_users_webhook_locked AFTER UPDATE OF locked_until ON users FOR EACH ROW
    WHEN (NEW.locked_until IS NOT NULL AND NEW.locked_until IS DISTINCT FROM OLD.locked_until)
    EXECUTE FUNCTION webhook_on_account_locked();

-- a user's reveal, effective configuration with reveal=true or export; a module key's delivery of its own configuration is not a reveal
CREATE FUNCTION webhook_on_secret_revealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('secret.revealed', jsonb_build_object(
        'entry_key', NEW.entry_key, 'table', NEW.table_name, 'purpose', NEW.purpose, 'revealed_at', NEW.revealed_at,
        'revealed_by', NEW.revealed_by, 'revealed_by_username', (SELECT u.username FROM users u WHERE u.id = NEW.revealed_by)));
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_secret_reveals_webhook AFTER INSERT ON secret_reveals FOR EACH ROW
    WHEN (NEW.purpose <> 'delivery') EXECUTE FUNCTION webhook_on_secret_revealed();

CREATE FUNCTION webhook_on_rolled_back() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('configuration.rolled_back', jsonb_build_object(
        'entry_key', NEW.entry_key, 'table', NEW.table_name, 'version', NEW.version, 'rolled_back_to', NEW.rolled_back_to,
        'action', NEW.action, 'changed_at', NEW.changed_at, 'changed_by', NEW.changed_by,
        'changed_by_username', (SELECT u.username FROM users u WHERE u.id = NEW.changed_by)));
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_config_history_webhook AFTER INSERT ON config_history FOR EACH ROW
    WHEN (NEW.rolled_back_to IS NOT NULL) EXECUTE FUNCTION webhook_on_rolled_back();
--rollback DROP TRIGGER trg_config_history_webhook ON config_history; DROP FUNCTION webhook_on_rolled_back(); DROP TRIGGER trg_secret_reveals_webhook ON secret_reveals; DROP FUNCTION webhook_on_secret_revealed(); DROP TRIGGER trg_users_webhook_locked ON users; DROP FUNCTION webhook_on_account_locked(); DROP TRIGGER trg_discovery_runs_webhook ON discovery_runs; DROP FUNCTION webhook_on_discovery_run(); DROP TRIGGER trg_plugins_webhook_switched_off ON plugins; DROP TRIGGER trg_tool_instances_webhook_switched_off ON tool_instances; DROP TRIGGER trg_tools_webhook_switched_off ON tools; DROP FUNCTION webhook_on_switched_off();
