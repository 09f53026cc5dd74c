package org.guanai.core.api.programme;

import java.util.List;

/**
 * 演示数据: a programme's demo content, for the demo county that the platform loads in demo mode. Registered by a
 * programme bundle as a service with the service property {@value Programme#ID_PROPERTY}, next to its
 * {@link Programme} service.
 * <p>
 * When the database holds the demo county (the platform started in demo mode on an empty database), the core calls
 * {@link #load} once per programme and database, on a thread of its own, as the platform (no caller, every school in
 * reach), after the demo county and the programme's migrations are in place; then it enables the programme for every
 * demo school. Uninstalling and reinstalling the programme does not load it again; purging the programme's data does.
 * Outside demo mode it is never called.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ProgrammeDemo {

    /**
     * Loads the programme's demo records for the given schools, through the programme's own store and the core's
     * services, as a user would enter them. Should be deterministic (a fixed seed) and take at most a few seconds.
     *
     * @param schoolIds the demo schools, ordered by id
     * @throws RuntimeException when loading fails: the core logs it, enables nothing and tries again at the next start
     */
    void load(List<Long> schoolIds);
}
