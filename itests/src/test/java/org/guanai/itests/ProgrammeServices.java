package org.guanai.itests;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Services a test registers from the test bundle for a programme it builds (a {@link Programme}, the contributors the
 * core gathers from), each with the service property {@code programme.id}; {@link #close} unregisters what is still
 * registered (call it after each test).
 */
final class ProgrammeServices implements AutoCloseable {
    private final BundleContext context;
    private final List<ServiceRegistration<?>> registered = new ArrayList<>();

    ProgrammeServices(BundleContext context) {
        this.context = context;
    }

    /** Registers {@code service} as a {@code type} of the programme. */
    <S> ServiceRegistration<S> register(Class<S> type, S service, String programme) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Programme.ID_PROPERTY, programme);
        ServiceRegistration<S> r = context.registerService(type, service, props);
        registered.add(r);
        return r;
    }

    /** Registers a programme {@code id} with its read permission for the roles. */
    void programme(String id, String nameZh, String nameEn, Role... readers) {
        register(Programme.class, () -> ProgrammeInfo.builder(id).name(nameZh, nameEn).version("1.0.0")
                .permission(id + ".read", "查看", "Read", readers).build(), id);
    }

    @Override
    public void close() {
        for (ServiceRegistration<?> r : registered) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // unregistered by the test already
            }
        }
        registered.clear();
    }
}
