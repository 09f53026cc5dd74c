package org.guanai.plugin.health.internal;

import org.guanai.core.api.Caller;
import org.guanai.core.api.CallerContext;
import org.guanai.sdk.data.DataException;
import org.guanai.sdk.data.Work;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * How the programme's parts change records: in one transaction of the {@link HealthStore}, a record someone else saved
 * at the same moment answered {@code 409 stale}, recorded by the signed-in user.
 */
@Component(service = HealthWrites.class)
public final class HealthWrites {
    private final HealthStore store;
    private final Texts texts;
    private final CallerContext callers;

    @Activate
    public HealthWrites(@Reference HealthStore store, @Reference Texts texts, @Reference CallerContext callers) {
        this.store = store;
        this.texts = texts;
        this.callers = callers;
    }

    /** @return the refusal of a stale {@code version} or of a record saved at the same moment ({@code 409}), to throw */
    ApiException stale() {
        return texts.refuse(409, "stale", "stale");
    }

    /** Runs {@code work} in one transaction; a record someone else saved at the same moment (a unique key) answers 409. */
    <T> T write(Work<T> work) {
        try {
            return store.tx(work);
        } catch (DataException e) {
            if (e.sqlState() != null && e.sqlState().startsWith("23")) {
                throw stale();
            }
            throw e;
        }
    }

    /** @return who a change is recorded by: the signed-in user, else {@code platform} */
    String user() {
        return callers.current().map(Caller::user).orElse("platform");
    }
}
