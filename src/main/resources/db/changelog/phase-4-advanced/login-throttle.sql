--liquibase formatted sql

--changeset animus:identity-login-throttle-table
--comment: the login throttle's token bucket per client address, shared by every replica (LoginThrottle); a row whose bucket is full again is pruned
CREATE TABLE login_throttle (
    -- the client's address as ClientInfo reads it (the width of user_sessions.ip_address); '' when it is unknown
    address    VARCHAR(45)      NOT NULL,
    -- the attempts left as of counted_at; they are earned back at burst / window since then
    attempts   DOUBLE PRECISION NOT NULL CONSTRAINT ck_login_throttle_attempts CHECK (attempts >= 0),
    counted_at TIMESTAMPTZ      NOT NULL,
    -- whether the latest login from the address was refused (429)
    refused    BOOLEAN          NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_login_throttle PRIMARY KEY (address)
);
--rollback DROP TABLE login_throttle;
