-- The children page's guardian filter at scale (issue 18): "children with a guardian of this kind" was a subquery per
-- child (EXISTS on core_guardian), run for every child of a school to count the list or to find that few match: 0.4-0.7 s
-- for a school of 50 000 children. Each child now carries the kinds of its guardians, written with every change of its
-- guardians (GuardianKinds): '|GRANDPARENTS|PARENT|' in the order of GuardianKind, '|' for none. In the list index, the
-- filter, the count and the page are read on the index alone, as the left-behind type already is (V40).
-- Filled in one pass over the children with guardians, the index dropped meanwhile: on 100 000 children with H2, 3.3 s
-- (one UPDATE per kind with the index kept took 9.4 s).
ALTER TABLE core_child ADD COLUMN guardian_kinds VARCHAR(200) DEFAULT '|' NOT NULL;
DROP INDEX core_child_page_ix;
UPDATE core_child SET guardian_kinds = '|'
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'GRANDPARENTS')
            THEN 'GRANDPARENTS|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'MATERNAL_GRANDPARENTS')
            THEN 'MATERNAL_GRANDPARENTS|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'PARENT')
            THEN 'PARENT|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'RELATIVE')
            THEN 'RELATIVE|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'DELEGATED')
            THEN 'DELEGATED|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'TEMPORARY')
            THEN 'TEMPORARY|' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id AND g.kind = 'OTHER')
            THEN 'OTHER|' ELSE '' END
    WHERE EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = core_child.id);
CREATE INDEX core_child_page_ix ON core_child (school_id, class_id, name, id, archived, left_behind_type, guardian_kinds);
