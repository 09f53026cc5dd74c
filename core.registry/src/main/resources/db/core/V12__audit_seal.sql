-- Audit log sealed with a key kept outside the database (AuditLog, AuditKey). hash_alg says how an entry's hash was made:
-- 'SHA-256' for the entries written before this version (a plain SHA-256 anyone can recompute; they stay verifiable as
-- before), 'HMAC-SHA256' for sealed ones; key_id names the key of a sealed entry (an id derived from the key, not the
-- key). The code always names both columns: the default only describes the rows that exist now.
ALTER TABLE core_audit ADD COLUMN hash_alg VARCHAR(20) DEFAULT 'SHA-256' NOT NULL;
ALTER TABLE core_audit ADD COLUMN key_id VARCHAR(64);
ALTER TABLE core_audit ALTER COLUMN hash_alg DROP DEFAULT;
