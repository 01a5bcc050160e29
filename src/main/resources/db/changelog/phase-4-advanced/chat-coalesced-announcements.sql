--liquibase formatted sql

--changeset animus:phase4-chat-announce-lines-function splitStatements:false runOnChange:true
--comment: sends kind:id:session_id lines on channel animus_chat, joined by newlines, as few notifications as NOTIFY's 8000-byte payload limit allows
CREATE OR REPLACE FUNCTION notify_chat_lines(lines TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    line    TEXT;
    payload TEXT := '';
BEGIN
    FOREACH line IN ARRAY coalesce(lines, '{}') LOOP
        IF length(payload) + length(line) > 7000 THEN
            PERFORM pg_notify('animus_chat', payload);
            payload := '';
        END IF;
        payload := CASE WHEN payload = '' THEN line ELSE payload || E'\n' || line END;
    END LOOP;
    IF payload <> '' THEN
        PERFORM pg_notify('animus_chat', payload);
    END IF;
END
$$;
--rollback DROP FUNCTION notify_chat_lines(TEXT[]);

--changeset animus:phase4-chat-announce-statement-function splitStatements:false runOnChange:true
--comment: one announcement per statement of the messages or replies it inserted
CREATE OR REPLACE FUNCTION announce_chat_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_chat_lines(ARRAY(
        SELECT CASE WHEN TG_TABLE_NAME = 'web_chat_responses' THEN 'response:' ELSE 'message:' END || n.id || ':' || n.session_id
          FROM new_rows n ORDER BY n.id));
    RETURN NULL;
END
$$;
--rollback DROP FUNCTION announce_chat_changes();

--changeset animus:phase4-chat-announce-processed-function splitStatements:false runOnChange:true
--comment: one announcement per statement of the messages it marked processed (an UPDATE trigger with transition tables cannot name columns)
CREATE OR REPLACE FUNCTION announce_chat_processed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_chat_lines(ARRAY(
        SELECT 'processed:' || n.id || ':' || n.session_id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.processed AND NOT o.processed
         ORDER BY n.id));
    RETURN NULL;
END
$$;
--rollback DROP FUNCTION announce_chat_processed();

--changeset animus:phase4-chat-announce-per-statement
--comment: the row triggers of phase4-chat-notify-triggers replaced by statement triggers: a batch is one announcement
DROP TRIGGER trg_web_chat_messages_notify ON web_chat_messages;
DROP TRIGGER trg_web_chat_responses_notify ON web_chat_responses;
CREATE TRIGGER trg_web_chat_messages_notify AFTER INSERT ON web_chat_messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_chat_changes();
CREATE TRIGGER trg_web_chat_messages_processed_notify AFTER UPDATE ON web_chat_messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_chat_processed();
CREATE TRIGGER trg_web_chat_responses_notify AFTER INSERT ON web_chat_responses
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION announce_chat_changes();
--rollback DROP TRIGGER trg_web_chat_responses_notify ON web_chat_responses;
--rollback DROP TRIGGER trg_web_chat_messages_processed_notify ON web_chat_messages;
--rollback DROP TRIGGER trg_web_chat_messages_notify ON web_chat_messages;
--rollback CREATE TRIGGER trg_web_chat_messages_notify AFTER INSERT OR UPDATE OF processed ON web_chat_messages FOR EACH ROW EXECUTE FUNCTION notify_chat_change();
--rollback CREATE TRIGGER trg_web_chat_responses_notify AFTER INSERT ON web_chat_responses FOR EACH ROW EXECUTE FUNCTION notify_chat_change();
