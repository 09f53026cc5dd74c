package org.guanai.core.registry.internal.programmes;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.util.ArrayList;
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
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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

    private final Map<ServiceReference<?>, Endpoints> byService = new ConcurrentHashMap<>();
    /** The services whose routes were refused (logged): they will never be in {@link #byService}. */
    private final Set<ServiceReference<?>> refused = ConcurrentHashMap.newKeySet();
    private final Messages messages = new Messages();

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
    public boolean settled(ServiceReference<?> ref) {
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

    /** @return whether the programme declared any route (it is on the SDK) */
    public boolean declares(String programme) {
        return byService.values().stream().anyMatch(e -> e.programme().equals(programme));
    }

    /**
     * @param programme the programme of the path
     * @param method    the request's method
     * @param rest      the path below {@code /api/programmes/<id>/}, decoded
     * @return the most specific route that serves the request
     */
    public Optional<Match> match(String programme, String method, String rest) {
        List<String> segments = DeclaredRoute.segments(rest);
        Match best = null;
        for (Endpoints e : byService.values()) {
            if (!e.programme().equals(programme)) {
                continue;
            }
            for (DeclaredRoute r : e.routes()) {
                Optional<Map<String, String>> params = r.match(method, segments);
                if (params.isPresent() && (best == null || r.specificity() > best.route().specificity())) {
                    best = new Match(r, params.get(), e);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the methods the path is declared with, for {@code 405} and its {@code Allow} header */
    public List<String> methods(String programme, String rest) {
        List<String> segments = DeclaredRoute.segments(rest);
        return byService.values().stream().filter(e -> e.programme().equals(programme)).flatMap(e -> e.routes().stream())
                .filter(r -> r.matchPath(segments).isPresent()).map(DeclaredRoute::method).distinct().sorted().toList();
    }

    /** @return every declared route, by programme and path */
    public List<DeclaredRoute> routes() {
        return byService.values().stream().flatMap(e -> e.routes().stream())
                .sorted(Comparator.comparing(DeclaredRoute::programme).thenComparing(DeclaredRoute::path)
                        .thenComparing(DeclaredRoute::method))
                .toList();
    }
}
