package org.guanai.core.registry.internal.programmes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Admission of programme requests (并发上限): at most {@link ProgrammesConfig#maxConcurrentRequests()} requests of one
 * programme in flight at a time; the programme gate refuses the others at once (503 with {@code Retry-After}) instead of
 * letting one slow programme hold every thread of the server. A change of the configuration applies to the next
 * request, without re-registering the gate (which would leave programme routes ungated for a moment).
 */
@Component(service = ProgrammeLimits.class, configurationPid = ProgrammesConfig.PID)
@Designate(ocd = ProgrammesConfig.class)
public final class ProgrammeLimits {
    /** programme id → requests in flight; one entry per programme the gate has admitted a request for. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile int max;

    @Activate
    public ProgrammeLimits(ProgrammesConfig config) {
        modified(config);
    }

    @Modified
    void modified(ProgrammesConfig config) {
        max = Math.max(1, config.maxConcurrentRequests());
    }

    /** @return whether a request of programme {@code id} may start now; if so, {@link #leave} must follow */
    boolean tryEnter(String id) {
        AtomicInteger n = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
        if (n.incrementAndGet() > max) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A request admitted by {@link #tryEnter} has ended. */
    void leave(String id) {
        AtomicInteger n = inFlight.get(id);
        if (n != null) {
            n.decrementAndGet();
        }
    }
}
