-- Audit log (审计日志): who did what, when, from where, with what outcome. Append-only: the code never updates or
-- deletes a row. seq is assigned by the code (1, 2, 3 …) under one lock; every row carries the SHA-256 of the row
-- before it (prev_hash; 64 zeros for the first) and its own (hash), so a changed or removed row breaks the chain
-- (see AuditLog.verify). at is stored with microsecond precision, the precision the hash was computed on.
CREATE TABLE core_audit (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    actor      VARCHAR(100)  NOT NULL,
    address    VARCHAR(100),
    action     VARCHAR(40)   NOT NULL,
    entity     VARCHAR(40),
    entity_id  VARCHAR(200),
    child_id   BIGINT,
    school_id  BIGINT,
    outcome    VARCHAR(20)   NOT NULL,
    detail     VARCHAR(2000),
    prev_hash  VARCHAR(64)   NOT NULL,
    hash       VARCHAR(64)   NOT NULL
);
-- Lists are newest first (by seq) and filtered by user, child or time.
CREATE INDEX core_audit_actor_ix ON core_audit (actor, seq);
CREATE INDEX core_audit_child_ix ON core_audit (child_id, seq);
CREATE INDEX core_audit_at_ix ON core_audit (at);
