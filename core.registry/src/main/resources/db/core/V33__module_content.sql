-- Several nodes on one database (issue 17): the content of every jar installed through module administration, named by
-- its SHA-256, kept in the database instead of each node's <data>/modules, so that every node installs what another
-- installed. The files an earlier version kept under <data>/modules are imported at the next start (ModuleStore).
CREATE TABLE core_module_content (
    sha256    CHAR(64) NOT NULL PRIMARY KEY,
    content   BYTEA    NOT NULL,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Every change of core_module raises this version in its transaction; every node polls it and reconciles its framework
-- to core_module when it moved.
INSERT INTO core_change (topic, version) VALUES ('modules', 0);
-- Offering the programmes shipped with the platform: one node at a time.
INSERT INTO core_cluster_lock (name) VALUES ('modules');
