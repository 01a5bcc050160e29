--liquibase formatted sql

--changeset animus:phase4-changes-position-once splitStatements:false
--comment: the first deferred trigger of a transaction positions all its changes and notes, in a transaction-local setting, the last change it positioned; the triggers of the other rows return at once instead of each looking for unpositioned rows again (which made a transaction of n changes cost n index scans of n entries)
CREATE OR REPLACE FUNCTION position_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    through BIGINT;
    newest  BIGINT;
BEGIN
    through := NULLIF(current_setting('animus.changes_positioned_through', true), '')::bigint;
    IF through IS NOT NULL AND NEW.id <= through THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM changes WHERE xid = pg_current_xact_id() AND position IS NULL) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7021786238383026535);
    WITH mine AS (
        SELECT s.id, nextval('changes_position_seq') AS position
        FROM (SELECT id FROM changes WHERE xid = pg_current_xact_id() AND position IS NULL ORDER BY id) s
    )
    UPDATE changes c SET position = mine.position, at = clock_timestamp() FROM mine WHERE c.id = mine.id;
    SELECT max(position), max(id) INTO newest, through FROM changes WHERE xid = pg_current_xact_id();
    PERFORM set_config('animus.changes_positioned_through', through::text, true);
    PERFORM pg_notify('animus_changes', newest::text);
    RETURN NULL;
END
$$;
--rollback not required
