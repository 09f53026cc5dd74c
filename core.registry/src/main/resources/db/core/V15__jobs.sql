-- Scheduled jobs of the programme SDK (org.guanai.sdk.jobs.Jobs): one row per job of each owner (a programme id, or a
-- bundle's symbolic name). The node that takes the lease runs a due job; the others see the lease and wait, so a job
-- runs once per due time in the whole cluster.
CREATE TABLE core_job (
    owner        VARCHAR(200)             NOT NULL,
    name         VARCHAR(100)             NOT NULL,
    next_due     TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until  TIMESTAMP WITH TIME ZONE,
    leased_by    VARCHAR(100),
    last_run_at  TIMESTAMP WITH TIME ZONE,
    last_outcome VARCHAR(10),
    last_error   VARCHAR(2000),
    PRIMARY KEY (owner, name)
);
