package org.guanai.core.api;

import java.util.Optional;

/**
 * The caller of the request being handled on this thread. Implemented by the core, which establishes the caller before
 * any route runs (programme routes included); called by programme bundles.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CallerContext {

    /** @return the caller of the current request, empty outside a request (background jobs, start-up) */
    Optional<Caller> current();
}
