package org.guanai.core.registry.internal.programmes;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the core serves programme requests (PID {@code org.guanai.core.programmes}). */
@ObjectClassDefinition(name = "Guanai programmes", description = "How the core serves the requests of programme bundles")
@interface ProgrammesConfig {
    String PID = "org.guanai.core.programmes";

    /**
     * The default: Jetty's pool in Felix HTTP has 200 threads ({@code org.apache.felix.http.jetty.threadpool.max} unset:
     * Jetty's {@code QueuedThreadPool} default, of which the connector's acceptor and selector take one each). 32 per
     * programme leaves more than a third of them to the core and the console even with the four shipped programmes all
     * at their limit, and is well above what a school's staff send at once.
     */
    int DEFAULT_MAX_CONCURRENT_REQUESTS = 32;

    @AttributeDefinition(description = "Requests one programme serves at once; beyond it its requests answer 503 with"
            + " Retry-After at once, so that a slow or stuck programme cannot take the threads the core and the other"
            + " programmes need (at least 1)", min = "1")
    int maxConcurrentRequests() default DEFAULT_MAX_CONCURRENT_REQUESTS;
}
