package org.guanai.core.registry.internal;

import java.util.function.Supplier;

import org.guanai.core.registry.internal.security.AuthPreprocessor;
import org.osgi.service.component.annotations.Component;

/**
 * Who is making the current change, for the history (变更记录). {@link AuthPreprocessor} sets it around every HTTP request
 * (core and programme routes alike), the demo loader, the deploy directory and the console around their calls;
 * services read it. HTTP callers are recorded by user name.
 */
@Component(service = CurrentActor.class)
public final class CurrentActor {
    public static final String SYSTEM = "system";

    private final ThreadLocal<String> actor = new ThreadLocal<>();
    private final ThreadLocal<String> address = new ThreadLocal<>();

    /** Runs {@code work} as {@code who}. */
    public <T> T as(String who, Supplier<T> work) {
        String previous = actor.get();
        actor.set(who);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                actor.remove();
            } else {
                actor.set(previous);
            }
        }
    }

    /** Makes {@code who} the current actor; returns the previous one for {@link #restore}. */
    public String enter(String who) {
        String previous = actor.get();
        actor.set(who);
        return previous;
    }

    /** Ends a request: the previous actor (usually none) is current again. */
    public void restore(String previous) {
        if (previous == null) {
            actor.remove();
        } else {
            actor.set(previous);
        }
    }

    /**
     * Sets the network address the current request comes from ({@code null} ends it); for the audit log. The address is
     * the client's as {@link AuthPreprocessor} resolved it (behind a trusted reverse proxy, from
     * {@code X-Forwarded-For}), set before the request is authenticated so that logins and failed logins carry it too.
     * The login throttle sets the address of the attempts it summarises around writing their audit entry.
     *
     * @return the address that was current before, to put back
     */
    public String address(String remote) {
        String previous = address.get();
        if (remote == null) {
            address.remove();
        } else {
            address.set(remote);
        }
        return previous;
    }

    /** @return the network address of the current request, or {@code null} outside a request */
    public String address() {
        return address.get();
    }

    /** @return the current actor, {@code system} outside any {@link #as} call */
    public String get() {
        String who = actor.get();
        return who == null ? SYSTEM : who;
    }
}
