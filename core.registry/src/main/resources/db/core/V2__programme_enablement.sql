-- Which school enabled which programme (按学校启用), with the programme's settings for that school.
-- A programme is off for a school until the school enables it. Rows are never deleted when a programme bundle is
-- stopped or removed: reinstalling it finds the same enablement.
CREATE TABLE core_programme_school (
    school_id    BIGINT        NOT NULL REFERENCES core_school (id),
    programme_id VARCHAR(31)   NOT NULL,
    enabled      BOOLEAN       NOT NULL,
    settings     VARCHAR(4000) NOT NULL DEFAULT '{}',
    version      BIGINT        NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by   VARCHAR(100)  NOT NULL,
    CONSTRAINT core_programme_school_pk PRIMARY KEY (school_id, programme_id)
);
CREATE INDEX core_programme_school_programme_ix ON core_programme_school (programme_id, enabled);
