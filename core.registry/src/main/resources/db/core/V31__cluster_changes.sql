-- Several nodes on one database (issue 17): one version per kind of state that nodes keep in memory. The node that
-- changes the state raises its version in the same transaction; every node polls the versions (a primary-key read every
-- half second) and reloads what changed, so a change on one node holds on every node within about a second.
CREATE TABLE core_change (
    topic   VARCHAR(100) NOT NULL PRIMARY KEY,
    version BIGINT       NOT NULL
);
INSERT INTO core_change (topic, version) VALUES ('programme.enablement', 0);
