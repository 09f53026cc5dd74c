package org.guanai.core.registry.internal.security;

import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.osgi.service.component.annotations.Component;

/** Holds the caller of the request on the current thread; {@link AuthPreprocessor} sets it around every request. */
@Component(service = { CallerContext.class, RequestCallerContext.class })
public final class RequestCallerContext implements CallerContext {
    private final ThreadLocal<Caller> caller = new ThreadLocal<>();

    @Override
    public Optional<Caller> current() {
        return Optional.ofNullable(caller.get());
    }

    /** Makes {@code who} the current caller; returns the previous one for {@link #restore}. */
    public Caller enter(Caller who) {
        Caller previous = caller.get();
        caller.set(who);
        return previous;
    }

    /** Ends a request: the previous caller (usually none) is current again. */
    public void restore(Caller previous) {
        if (previous == null) {
            caller.remove();
        } else {
            caller.set(previous);
        }
    }
}
