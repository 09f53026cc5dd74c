package org.guanai.sdk.jobs;

import java.time.Instant;

/** What a job does. Implemented by programmes. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface JobTask {

    /**
     * @param due when this run was due (earlier than now when it catches up a missed run)
     * @throws Exception logged; the job runs again at its next due time
     */
    void run(Instant due) throws Exception;
}
