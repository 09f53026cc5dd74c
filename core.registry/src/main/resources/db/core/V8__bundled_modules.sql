-- The programme bundles shipped with the platform (guanai.jar) that were offered to module administration, and at which
-- version: a bundled programme is installed on the first start, updated when a newer platform ships a newer version,
-- and never installed again once an admin has uninstalled it.
CREATE TABLE core_module_bundled (
    bsn        VARCHAR(200) NOT NULL PRIMARY KEY,
    version    VARCHAR(100) NOT NULL,
    offered_at TIMESTAMP WITH TIME ZONE NOT NULL
);
