-- What demo content this database holds (演示数据): 'county' once the demo county is loaded (demo mode, empty database),
-- 'programme:<id>' once a programme's ProgrammeDemo has loaded its records. Programmes get demo content only in a
-- database that holds the demo county, and only once (purging a programme's data forgets its row).
CREATE TABLE core_demo (
    part      VARCHAR(60) NOT NULL,
    loaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT core_demo_pk PRIMARY KEY (part)
);
-- A database whose demo county was loaded before this table existed: its demo county administrator tells.
INSERT INTO core_demo (part, loaded_at)
SELECT 'county', CURRENT_TIMESTAMP FROM core_user WHERE username = 'county' AND display_name = '演示·县级管理员';
