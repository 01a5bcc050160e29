--liquibase formatted sql

--changeset animus:phase4-secret-reveals-delivery
--comment: a secret delivered to a module key is audited in secret_reveals too: once per key and stored version of the value
ALTER TABLE secret_reveals DROP CONSTRAINT ck_secret_reveals_purpose;
ALTER TABLE secret_reveals ADD CONSTRAINT ck_secret_reveals_purpose CHECK (purpose IN ('reveal', 'effective', 'export', 'delivery'));
ALTER TABLE secret_reveals ADD COLUMN service_key_id INTEGER
    CONSTRAINT fk_secret_reveals_service_key REFERENCES service_keys (id) ON DELETE SET NULL;
ALTER TABLE secret_reveals ADD COLUMN value_version VARCHAR(64);
CREATE UNIQUE INDEX uq_secret_reveals_delivery ON secret_reveals (service_key_id, entry_key, value_version)
    WHERE purpose = 'delivery';
--rollback DROP INDEX uq_secret_reveals_delivery; ALTER TABLE secret_reveals DROP COLUMN value_version; ALTER TABLE secret_reveals DROP COLUMN service_key_id; ALTER TABLE secret_reveals DROP CONSTRAINT ck_secret_reveals_purpose; ALTER TABLE secret_reveals ADD CONSTRAINT ck_secret_reveals_purpose CHECK (purpose IN ('reveal', 'effective', 'export'));

--changeset animus:phase4-service-keys-revocation-notification splitStatements:false
--comment: a service key revoked or deleted is announced on channel animus_service_key_revoked (payload: its id), so that every replica ends the requests the key holds
CREATE FUNCTION notify_service_key_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('animus_service_key_revoked', OLD.id::text);
    ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
        PERFORM pg_notify('animus_service_key_revoked', NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;
-- not UPDATE OF revoked_at: a key revoked by a trigger (its scope deleted) must be announced too
CREATE TRIGGER trg_service_keys_notify_revoked AFTER UPDATE OR DELETE ON service_keys
    FOR EACH ROW EXECUTE FUNCTION notify_service_key_revoked();
--rollback DROP TRIGGER trg_service_keys_notify_revoked ON service_keys; DROP FUNCTION notify_service_key_revoked();
