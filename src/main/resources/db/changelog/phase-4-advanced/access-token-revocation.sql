--liquibase formatted sql

--changeset animus:identity-users-token-version
--comment: access tokens carry their user's token version; deactivation, a role or password change and a revocation of all sessions raise it, and older tokens are refused
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
--rollback ALTER TABLE users DROP COLUMN token_version;

--changeset animus:identity-users-tokens-notify-function splitStatements:false runOnChange:true
--comment: a change of a user's token version or activity, or the user's deletion, is announced on channel animus_user_tokens, so that every replica forgets what it knew of the user's tokens
CREATE OR REPLACE FUNCTION notify_user_tokens_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('animus_user_tokens', OLD.id::text);
    ELSIF NEW.token_version IS DISTINCT FROM OLD.token_version OR NEW.is_active IS DISTINCT FROM OLD.is_active THEN
        PERFORM pg_notify('animus_user_tokens', NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;
--rollback DROP FUNCTION notify_user_tokens_change();

--changeset animus:identity-users-tokens-notify-trigger
CREATE TRIGGER trg_users_tokens_notify AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_user_tokens_change();
--rollback DROP TRIGGER trg_users_tokens_notify ON users;
