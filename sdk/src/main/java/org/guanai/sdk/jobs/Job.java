package org.guanai.sdk.jobs;

import org.osgi.annotation.versioning.ProviderType;

/** A scheduled job. Implemented by the core. */
@ProviderType
public interface Job {

    /** @return its name within the programme */
    String name();

    /**
     * Makes the job due now in the whole cluster, e.g. when its settings changed: the next node that checks it (this
     * one at once) takes the lease and runs it, then its schedule goes on from this run. A run in progress is not
     * interrupted; a job due already stays due.
     */
    void runSoon();

    /** Stops scheduling it on this node; a run in progress finishes. */
    void cancel();
}
