-- The children page's guardian filter at scale (issue 18): "children with a guardian of this kind" was a subquery per
-- child (EXISTS on core_guardian), run for every child of a school to count the list or to find that few match: 0.4-0.7 s
-- for a school of 50 000 children. Each child now carries the kinds of its guardians, written with every change of its
-- guardians (GuardianKinds): '|GRANDPARENTS|PARENT|' in the order of GuardianKind, '|' for none. In the list index, the
-- filter, the count and the page are read on the index alone, as the left-behind type already is (V40).
ALTER TABLE core_child ADD COLUMN guardian_kinds VARCHAR(200) DEFAULT '|' NOT NULL;
UPDATE core_child SET guardian_kinds = guardian_kinds || 'GRANDPARENTS|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'GRANDPARENTS');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'MATERNAL_GRANDPARENTS|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'MATERNAL_GRANDPARENTS');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'PARENT|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'PARENT');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'RELATIVE|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'RELATIVE');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'DELEGATED|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'DELEGATED');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'TEMPORARY|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'TEMPORARY');
UPDATE core_child SET guardian_kinds = guardian_kinds || 'OTHER|'
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'OTHER');
DROP INDEX core_child_page_ix;
CREATE INDEX core_child_page_ix ON core_child (school_id, class_id, name, id, archived, left_behind_type, guardian_kinds);
