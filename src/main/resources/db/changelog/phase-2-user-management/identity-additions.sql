--liquibase formatted sql

--changeset animus:identity-users-lockout-columns
--comment: lockout waits grow with each repeated lockout; consecutive failures are forgotten after a quiet period
ALTER TABLE users ADD COLUMN lockout_count INTEGER NOT NULL DEFAULT 0
    CONSTRAINT ck_users_lockout_count CHECK (lockout_count >= 0);
ALTER TABLE users ADD COLUMN last_failed_login TIMESTAMPTZ;
--rollback ALTER TABLE users DROP COLUMN last_failed_login;
--rollback ALTER TABLE users DROP COLUMN lockout_count;

--changeset animus:identity-user-sessions-rotation-columns
--comment: a refresh rotates the session's token; the previous hash is kept to recognise the reuse of a rotated token
ALTER TABLE user_sessions ADD COLUMN previous_token VARCHAR(255);
ALTER TABLE user_sessions ADD COLUMN refreshed_at TIMESTAMPTZ;
CREATE INDEX idx_user_sessions_previous_token ON user_sessions (previous_token) WHERE previous_token IS NOT NULL;
--rollback DROP INDEX idx_user_sessions_previous_token;
--rollback ALTER TABLE user_sessions DROP COLUMN refreshed_at;
--rollback ALTER TABLE user_sessions DROP COLUMN previous_token;
