--liquibase formatted sql

--changeset animus:phase4-usage-counts-table
--comment: what the database does not otherwise record, counted in memory by each replica and added here per day at each flush
CREATE TABLE usage_counts (
    -- what was used: an agent, a tool, a tool instance, or the registry as a whole (id 0); no foreign key: the figures outlive the row
    subject    VARCHAR(20)  NOT NULL CONSTRAINT ck_usage_counts_subject CHECK (subject IN ('registry', 'agent', 'tool', 'tool_instance')),
    subject_id INTEGER      NOT NULL,
    metric     VARCHAR(30)  NOT NULL CONSTRAINT ck_usage_counts_metric CHECK (metric IN ('delivery_reads')),
    -- the UTC day of the uses
    day        DATE         NOT NULL,
    count      BIGINT       NOT NULL CONSTRAINT ck_usage_counts_count CHECK (count >= 0),
    last_at    TIMESTAMPTZ  NOT NULL,
    CONSTRAINT pk_usage_counts PRIMARY KEY (subject, subject_id, metric, day)
);
CREATE INDEX idx_usage_counts_day ON usage_counts (day);
--rollback DROP TABLE usage_counts;

