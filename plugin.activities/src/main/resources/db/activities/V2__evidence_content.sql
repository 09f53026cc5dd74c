-- Several nodes on one database (issue 17): the bytes of the evidence photos and scans, one row per distinct content,
-- named by its SHA-256, instead of <guanai.data>/programmes/activities/evidence/<sha256> on one node's disk, so that a
-- photo uploaded on one node is served by every node. The files an earlier version kept there are imported when the
-- programme starts (EvidenceFiles) and removed from the folder once they are in.
CREATE TABLE activities_evidence_content (
    sha256    VARCHAR(64) NOT NULL PRIMARY KEY,
    content   BYTEA       NOT NULL,
    stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
