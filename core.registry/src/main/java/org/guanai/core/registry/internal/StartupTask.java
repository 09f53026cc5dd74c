package org.guanai.core.registry.internal;

/**
 * Registered by a one-off start-up job (such as loading the demo county) once it has finished, so that
 * {@code /api/health} answers 200 only when the platform is really ready.
 */
public interface StartupTask {
    /** Service property naming the task. */
    String NAME = "guanai.startup.task";

    /** @return a short outcome, e.g. {@code LOADED}, {@code SKIPPED}, {@code DISABLED} or {@code FAILED: …} */
    String outcome();
}
