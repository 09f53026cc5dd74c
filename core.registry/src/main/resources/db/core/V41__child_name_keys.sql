-- Searching children by name at county and province scale (issues 17 and 18): `name LIKE '%王芳%'` cannot use an index,
-- so every search counted and filtered all of a school's children (1,000,000 on PostgreSQL: 7-11 s). Chinese names
-- are two to four characters and people search by one or two of them (a surname, a given name, or both), too short for
-- trigram indexes (pg_trgm needs three and exists only on PostgreSQL). This table holds, for every child, each character
-- of the name and each pair of adjacent characters; a search looks up its first one or two characters here, on the
-- index, and checks the whole text with LIKE on those children only. Each key carries the child's school, so that a
-- search in one school (the console's) reads only that school's keys. Kept by every writer of core_child.name and
-- core_child.school_id (ChildNameKeys), in the same transaction.
CREATE TABLE core_child_name_key (
    name_key  VARCHAR(8) NOT NULL,
    school_id BIGINT     NOT NULL,
    child_id  BIGINT     NOT NULL REFERENCES core_child (id),
    PRIMARY KEY (name_key, school_id, child_id)
);
CREATE INDEX core_child_name_key_child_ix ON core_child_name_key (child_id);

-- The children already stored: positions 1..50 of each name (core_child.name is VARCHAR(50)).
CREATE TABLE core_child_name_position (n INT NOT NULL PRIMARY KEY);
INSERT INTO core_child_name_position (n) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13),
    (14), (15), (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31), (32), (33),
    (34), (35), (36), (37), (38), (39), (40), (41), (42), (43), (44), (45), (46), (47), (48), (49), (50);
INSERT INTO core_child_name_key (name_key, school_id, child_id)
    SELECT DISTINCT SUBSTRING(c.name FROM p.n FOR 1), c.school_id, c.id FROM core_child c
    JOIN core_child_name_position p ON p.n <= CHAR_LENGTH(c.name);
INSERT INTO core_child_name_key (name_key, school_id, child_id)
    SELECT DISTINCT SUBSTRING(c.name FROM p.n FOR 2), c.school_id, c.id FROM core_child c
    JOIN core_child_name_position p ON p.n < CHAR_LENGTH(c.name);
DROP TABLE core_child_name_position;
