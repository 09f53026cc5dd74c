package org.guanai.sdk.http;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A programme's HTTP API, declared once. Implemented by a programme bundle and registered as an OSGi service (one or
 * more per bundle); the programme is the registering bundle's ({@code Guanai-Programme} manifest header, see
 * {@link org.guanai.sdk.GuanaiProgramme}). The core calls {@link #routes} once when the service appears and uses the
 * declarations for everything: authorisation (a request to a route no programme declared answers {@code 404}, and a
 * route's permission is checked before its handler runs), dispatch, and the OpenAPI document at
 * {@code /api/openapi.json}. When the service goes away (the bundle is stopped, updated or uninstalled) its routes go
 * with it.
 * <pre>{@code
 * @Component(service = ProgrammeApi.class)
 * public final class CallsApi implements ProgrammeApi {
 *     public void routes(Routes r) {
 *         r.get("children/{child}/calls", rq -> store.forChild(rq.child("child").id())).summary("通话记录", "Calls of a child");
 *         r.post("children/{child}/calls", this::record).body(CallInput.class);
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface ProgrammeApi {

    /**
     * Declares every route of this service. Called once per registration; must only declare, not do work.
     *
     * @param routes where to declare them
     */
    void routes(Routes routes);
}
