-- Several nodes on one database (issue 17): a version per school of what the roster cache (RosterService) is built
-- from. The node that sees a registry event or a calendar choice raises it; every node compares it with the version
-- its cached roster was read at and reads the roster again when it moved. school_id 0 stands for every school (an
-- event without a school).
CREATE TABLE birthdays_roster_version (
    school_id BIGINT NOT NULL PRIMARY KEY,
    version   BIGINT NOT NULL
);
INSERT INTO birthdays_roster_version (school_id, version) VALUES (0, 0);
