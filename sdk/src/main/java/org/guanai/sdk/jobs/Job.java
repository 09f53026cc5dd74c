package org.guanai.sdk.jobs;

import org.osgi.annotation.versioning.ProviderType;

/** A scheduled job. Implemented by the core. */
@ProviderType
public interface Job {

    /** @return its name within the programme */
    String name();

    /** Stops scheduling it on this node; a run in progress finishes. */
    void cancel();
}
