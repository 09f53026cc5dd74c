-- Several nodes on one database (issue 17): named locks for what exactly one node may do on a first start (create the
-- first administrator, load the demo county). A node locks the row (SELECT ... FOR UPDATE in a transaction kept open
-- while it works) and looks again whether the work is done; a node starting at the same time waits for the lock and
-- then finds it done (ClusterLock).
CREATE TABLE core_cluster_lock (
    name VARCHAR(100) NOT NULL PRIMARY KEY
);
INSERT INTO core_cluster_lock (name) VALUES ('first-admin');
INSERT INTO core_cluster_lock (name) VALUES ('demo');
