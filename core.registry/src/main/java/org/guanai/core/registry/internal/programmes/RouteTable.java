package org.guanai.core.registry.internal.programmes;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.http.ProgrammeDispatcher;
import org.guanai.core.registry.internal.http.ProgrammeJson;
import org.guanai.core.registry.internal.security.RoutePolicy;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.i18n.Texts;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route the programmes declared ({@link ProgrammeApi} services), the one table that authorisation
 * ({@link RoutePolicy}), dispatch ({@link ProgrammeDispatcher}) and the OpenAPI document read. A service's routes come
 * and go with the service: a programme that is stopped, updated or uninstalled loses them at once.
 */
@Component(service = RouteTable.class)
public final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    /** The routes of one {@link ProgrammeApi} service. */
    public record Endpoints(String programme, Bundle bundle, List<DeclaredRoute> routes, ProgrammeJson json, Texts texts) {
    }

    /** A route that serves a request, with the request's path parameters. */
    public record Match(DeclaredRoute route, Map<String, String> params, Endpoints endpoints) {
    }

    /**
     * What the table holds for one request, read in one pass: whether the programme declared any route, the most
     * specific route that serves the request, and the methods its path is declared with.
     */
    public record Resolution(boolean declared, Optional<Match> match, List<String> methods, Set<Bundle> bundles) {
    }

    private final Map<ServiceReference<?>, Endpoints> byService = new ConcurrentHashMap<>();
    /** The services whose routes were refused (logged): they will never be in {@link #byService}. */
    private final Set<ServiceReference<?>> refused = ConcurrentHashMap.newKeySet();
    private final Messages messages = new Messages();
    private final ServiceComponentRuntime scr;

    @Activate
    public RouteTable(@Reference ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC)
    void addApi(ProgrammeApi api, ServiceReference<ProgrammeApi> ref) {
        Bundle bundle = ref.getBundle();
        String programme = programmeOf(ref);
        if (programme == null) {
            LOG.error("{} of bundle {} declares routes but names no programme (@GuanaiProgramme or {}): ignored", api.getClass().getName(),
                    bundle == null ? "?" : bundle.getSymbolicName(), Programme.ID_PROPERTY);
            refused.add(ref);
            return;
        }
        List<DeclaredRoute> declared = new ArrayList<>();
        try {
            api.routes(new RouteCollector(programme, declared));
        } catch (RuntimeException e) {
            LOG.error("Programme '{}' failed to declare its routes: none of {} is served", programme, api.getClass().getName(), e);
            refused.add(ref);
            return;
        }
        synchronized (byService) {
            for (Endpoints other : byService.values()) {
                if (!other.programme().equals(programme)) {
                    continue;
                }
                for (DeclaredRoute mine : declared) {
                    for (DeclaredRoute theirs : other.routes()) {
                        if (mine.clashes(theirs)) {
                            LOG.error("Programme '{}' declares {} twice (in {}): the service is ignored", programme, mine,
                                    api.getClass().getName());
                            refused.add(ref);
                            return;
                        }
                    }
                }
            }
            byService.put(ref, new Endpoints(programme, bundle, List.copyOf(declared), new ProgrammeJson(messages), new BundleTexts(bundle)));
        }
        LOG.debug("Programme '{}': {} routes", programme, declared.size());
    }

    void removeApi(ProgrammeApi api, ServiceReference<ProgrammeApi> ref) {
        byService.remove(ref);
        refused.remove(ref);
    }

    /**
     * @return whether this table took in (or refused) the routes of the {@link ProgrammeApi} service: false while the
     *         service is registered but its routes are still being read, a short window in which a request must not
     *         find its route missing
     */
    private boolean settled(ServiceReference<?> ref) {
        return byService.containsKey(ref) || refused.contains(ref);
    }

    /** @return the programme of a service: its {@code programme.id} property, else its bundle's manifest header */
    static String programmeOf(ServiceReference<?> ref) {
        Object id = ref.getProperty(Programme.ID_PROPERTY);
        if (id instanceof String s && ProgrammeInfo.ID.matcher(s).matches()) {
            return s;
        }
        Bundle b = ref.getBundle();
        String header = b == null ? null : b.getHeaders("").get(Programme.MANIFEST_HEADER);
        return header != null && ProgrammeInfo.ID.matcher(header.trim()).matches() ? header.trim() : null;
    }

    /**
     * @param programme the programme of the path
     * @param method    the request's method
     * @param rest      the path below {@code /api/programmes/<id>/}, decoded
     * @return the routes of the programme for the request, from one pass over the table: while a programme is being
     *         swapped its services come and go, and separate looks could see its routes present and then gone
     */
    public Resolution resolve(String programme, String method, String rest) {
        List<String> segments = DeclaredRoute.segments(rest);
        Match best = null;
        Set<String> methods = new java.util.TreeSet<>();
        Set<Bundle> bundles = new java.util.HashSet<>();
        boolean declared = false;
        for (Endpoints e : byService.values()) {
            if (!e.programme().equals(programme)) {
                continue;
            }
            declared = true;
            if (e.bundle() != null) {
                bundles.add(e.bundle());
            }
            for (DeclaredRoute r : e.routes()) {
                Optional<Map<String, String>> params = r.match(method, segments);
                if (params.isPresent() && (best == null || r.specificity() > best.route().specificity())) {
                    best = new Match(r, params.get(), e);
                }
                if (r.matchPath(segments).isPresent()) {
                    methods.add(r.method());
                }
            }
        }
        return new Resolution(declared, Optional.ofNullable(best), List.copyOf(methods), Set.copyOf(bundles));
    }

    /**
     * Whether a programme bundle is still starting (or stopping) its routes: it is not active, or a {@link ProgrammeApi}
     * component of it is not (yet) satisfied, or its service is registered and this table is still reading its routes,
     * so they are not in the table. Right after an update that window is short; a request in it is answered 503 with
     * {@code Retry-After}, not 404.
     */
    public boolean pending(Bundle b) {
        if (b.getState() != Bundle.ACTIVE) {
            return true;
        }
        ServiceReference<?>[] registered;
        try {
            registered = b.getRegisteredServices();
        } catch (IllegalStateException uninstalledMeanwhile) {
            return true;
        }
        Map<Long, ServiceReference<?>> apis = new java.util.HashMap<>();
        for (ServiceReference<?> ref : registered == null ? new ServiceReference<?>[0] : registered) {
            if (ref.getProperty(Constants.OBJECTCLASS) instanceof String[] names && Arrays.asList(names).contains(ProgrammeApi.class.getName())
                    && ref.getProperty("component.id") instanceof Long componentId) {
                apis.put(componentId, ref);
            }
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!Arrays.asList(d.serviceInterfaces).contains(ProgrammeApi.class.getName()) || !scr.isComponentEnabled(d)) {
                continue;
            }
            java.util.Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(d);
            if (configurations.stream().allMatch(c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                    || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION)) {
                return true; // not satisfied yet
            }
            for (ComponentConfigurationDTO c : configurations) {
                boolean satisfied = c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE;
                ServiceReference<?> ref = apis.get(c.id);
                if (satisfied && (ref == null || !settled(ref))) {
                    return true; // satisfied, but its service is not registered yet or its routes are still being read
                }
            }
        }
        return false;
    }

    /** @return every declared route, by programme and path */
    public List<DeclaredRoute> routes() {
        return byService.values().stream().flatMap(e -> e.routes().stream())
                .sorted(Comparator.comparing(DeclaredRoute::programme).thenComparing(DeclaredRoute::path)
                        .thenComparing(DeclaredRoute::method))
                .toList();
    }
}
