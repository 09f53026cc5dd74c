-- 联系卡核对: when the child's archive and contact card were last checked with the family and found current, without a
-- change (a change counts as a check by itself). Not part of the archive's version: a check does not conflict with edits.
ALTER TABLE core_child ADD COLUMN card_checked_at TIMESTAMP WITH TIME ZONE;
