-- A script that fails halfway, for FlywaySchemaMigratorTest.
CREATE TABLE broken_first (id BIGINT PRIMARY KEY);
INSERT INTO broken_missing_table (id) VALUES (1);
