-- Several nodes on one database (issue 17): the audit chain's one writer at a time. Every transaction that appends to
-- core_audit first locks this table's one row (SELECT ... FOR UPDATE, AuditLog), then reads the newest entry and links to
-- it; the lock is held until the transaction ends, so entries written by different nodes form one chain without a fork
-- and without two writers taking the same sequence number.
CREATE TABLE core_audit_lock (
    id INT NOT NULL PRIMARY KEY
);
INSERT INTO core_audit_lock (id) VALUES (1);
