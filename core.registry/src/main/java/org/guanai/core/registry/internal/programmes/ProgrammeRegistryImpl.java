package org.guanai.core.registry.internal.programmes;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeState;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.http.Responses;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.Guard;
import org.guanai.core.registry.internal.registry.History;
import org.guanai.core.registry.internal.registry.SchoolServiceImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Tracks the installed programmes and keeps which school enabled which. Programmes are known from their
 * {@link Programme} services (tracked dynamically: bundles come and go while this component keeps running) and from
 * the {@code Guanai-Programme} manifest header of their bundles, so a stopped or failed programme is still listed.
 * Enablement lives in {@code core_programme_school} and in a copy read by the programme gate on every request
 * ({@link Enablement}), reloaded on every node within about a second of a change on any node.
 */
@Component(service = { ProgrammeRegistry.class, ProgrammeRegistryImpl.class })
public final class ProgrammeRegistryImpl implements ProgrammeRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProgrammeRegistryImpl.class);
    /** How often each node looks whether another changed the enablement. */
    private static final java.time.Duration ENABLEMENT_POLL = java.time.Duration.ofMillis(500);

    /** A registered Programme service. */
    private record Registered(Programme programme, Bundle bundle) {
    }

    private final Map<String, Registered> services = new ConcurrentHashMap<>();
    private final Map<String, Bundle> bundles = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final Set<String> updating = ConcurrentHashMap.newKeySet();
    /** Which school enabled which programme, the same on every node (reloaded when another node changes it). */
    private final Enablement enabled;

    private final Jdbc jdbc;
    private final EventAdmin eventAdmin;
    private final CurrentActor actor;
    private final Clock clock;
    private final Responses json = new Responses(new Messages());
    private final BundleTracker<String> tracker;
    private final FrameworkListener startFailures;
    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Guard guard;

    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public ProgrammeRegistryImpl(BundleContext context,
            @Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, @Reference CurrentActor actor,
            @Reference ServiceComponentRuntime scr, @Reference CallerContext callers, @Reference AuditLog audit) {
        this.context = context;
        this.guard = new Guard(callers, audit);
        this.scr = scr;
        this.jdbc = new Jdbc(dataSource);
        this.eventAdmin = eventAdmin;
        this.actor = actor;
        this.clock = Clock.systemDefaultZone();
        this.enabled = new Enablement(jdbc, ENABLEMENT_POLL);
        this.tracker = new BundleTracker<>(context, Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE
                | Bundle.STOPPING, null) {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                String id = bundle.getHeaders("").get(Programme.MANIFEST_HEADER);
                if (id == null || !ProgrammeInfo.ID.matcher(id.trim()).matches()) {
                    return null;
                }
                bundles.put(id.trim(), bundle);
                if (event != null && event.getType() == BundleEvent.STARTED) {
                    errors.remove(id.trim());
                }
                return id.trim();
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, String id) {
                if (event != null && event.getType() == BundleEvent.STARTED) {
                    errors.remove(id);
                }
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String id) {
                bundles.remove(id, bundle);
            }
        };
        this.startFailures = event -> {
            if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null) {
                String id = event.getBundle().getHeaders("").get(Programme.MANIFEST_HEADER);
                if (id != null) {
                    errors.put(id.trim(), String.valueOf(event.getThrowable()));
                }
            }
        };
        context.addFrameworkListener(startFailures);
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        context.removeFrameworkListener(startFailures);
        enabled.close();
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC)
    void addProgramme(Programme programme, ServiceReference<Programme> ref) {
        Object id = ref.getProperty(Programme.ID_PROPERTY);
        if (!(id instanceof String s) || !ProgrammeInfo.ID.matcher(s).matches()) {
            LOG.warn("Ignoring a Programme service of bundle {} without a valid {} property", ref.getBundle(),
                    Programme.ID_PROPERTY);
            return;
        }
        Registered previous = services.putIfAbsent(s, new Registered(programme, ref.getBundle()));
        if (previous != null && previous.programme() != programme) {
            LOG.warn("Programme id '{}' of bundle {} is taken by bundle {}; ignoring the second", s, ref.getBundle(),
                    previous.bundle());
            return;
        }
        errors.remove(s);
        LOG.info("Programme '{}' is available", s);
    }

    void removeProgramme(Programme programme, ServiceReference<Programme> ref) {
        Object id = ref.getProperty(Programme.ID_PROPERTY);
        if (id instanceof String s) {
            services.computeIfPresent(s, (k, r) -> r.programme() == programme ? null : r);
        }
    }

    @Override
    public List<ProgrammeStatus> programmes() {
        Set<String> ids = new TreeSet<>(services.keySet());
        ids.addAll(bundles.keySet());
        List<ProgrammeStatus> out = new ArrayList<>();
        for (String id : ids) {
            status(id).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ProgrammeStatus::id));
        return out;
    }

    @Override
    public Optional<ProgrammeStatus> programme(String id) {
        return status(id);
    }

    /** @return the running programme service, if the programme is active */
    public Optional<Programme> service(String id) {
        Registered r = services.get(id);
        return r == null ? Optional.empty() : Optional.of(r.programme());
    }

    private Optional<ProgrammeStatus> status(String id) {
        Registered r = services.get(id);
        Bundle b = r != null ? r.bundle() : bundles.get(id);
        if (b == null) {
            return Optional.empty();
        }
        ProgrammeInfo info = null;
        String error = errors.get(id);
        if (r != null) {
            try {
                info = r.programme().info();
            } catch (RuntimeException e) {
                error = "info() failed: " + e;
            }
        }
        ProgrammeState state;
        if (updating.contains(id)) {
            state = ProgrammeState.UPDATING;
        } else if (error != null) {
            state = ProgrammeState.FAILED;
        } else if (r != null) {
            state = ProgrammeState.ACTIVE;
        } else if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
            List<String> failures = componentFailures(b);
            if (failures.isEmpty()) {
                state = ProgrammeState.STARTING;
            } else {
                state = ProgrammeState.FAILED;
                error = String.join("; ", failures);
            }
        } else {
            state = ProgrammeState.STOPPED;
        }
        return Optional.of(new ProgrammeStatus(id, info, b.getSymbolicName(), b.getVersion().toString(), state, error,
                enabled.schools(id)));
    }

    /** The components of a bundle that failed to activate, with SCR's reason (first line). */
    public List<String> componentFailures(Bundle bundle) {
        List<String> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    String reason = c.failure == null ? "failed to activate" : c.failure.lines().findFirst().orElse("");
                    out.add(d.name + ": " + reason);
                }
            }
        }
        return out;
    }

    /** In a transaction that changes {@code core_programme_school} outside this class: every node reloads after it commits. */
    public static void enablementChanged(Connection c) throws SQLException {
        Enablement.changed(c);
    }

    /** Forgets a purged programme's enablement and error. */
    public void forget(String id) {
        enabled.reload();
        errors.remove(id);
    }

    /** Records why a programme failed (its bundle did not start); cleared when it starts. */
    public void failed(String id, String error) {
        errors.put(id, error);
    }

    /** Marks a programme as being updated (its routes answer 503) or done. */
    public void setUpdating(String id, boolean value) {
        if (value) {
            updating.add(id);
        } else {
            updating.remove(id);
        }
    }

    @Override
    public boolean isEnabled(long schoolId, String programmeId) {
        return enabled.isEnabled(schoolId, programmeId);
    }

    @Override
    public synchronized void setEnabled(long schoolId, String programmeId, boolean on, Map<String, String> settings) {
        guard.scope.require(Permissions.PROGRAMMES_ENABLE);
        if (status(programmeId).isEmpty() || !guard.scope.reaches(schoolId)) {
            throw new NotFoundException("programme", 0);
        }
        String settingsJson;
        try {
            settingsJson = json.mapper().writeValueAsString(settings == null ? Map.of() : settings);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        String who = actor.get();
        Instant now = clock.instant();
        guard.tx(jdbc, c -> {
            SchoolServiceImpl.requireSchool(c, schoolId);
            Optional<Boolean> before = Jdbc.one(c, "SELECT enabled FROM core_programme_school WHERE school_id = ? AND programme_id = ?",
                    rs -> rs.getBoolean(1), schoolId, programmeId);
            if (before.isPresent()) {
                Jdbc.update(c, "UPDATE core_programme_school SET enabled = ?, settings = ?, version = version + 1, updated_at = ?,"
                        + " updated_by = ? WHERE school_id = ? AND programme_id = ?", on, settingsJson, now, who, schoolId, programmeId);
            } else {
                Jdbc.update(c, "INSERT INTO core_programme_school (school_id, programme_id, enabled, settings, version, updated_at,"
                        + " updated_by) VALUES (?, ?, ?, ?, 0, ?, ?)", schoolId, programmeId, on, settingsJson, now, who);
            }
            Enablement.changed(c);
            if (before.isEmpty() || before.get() != on) {
                guard.record(c, "programme", schoolId, null, History.UPDATED, who, now, List.of(new History.Change(
                        programmeId + ".enabled", before.map(String::valueOf).orElse("false"), Boolean.toString(on))));
            }
            return null;
        });
        enabled.reload();
        Map<String, Object> props = new HashMap<>();
        props.put(RegistryEvents.PROP_SCHOOL_ID, schoolId);
        props.put(RegistryEvents.PROP_PROGRAMME, programmeId);
        props.put(RegistryEvents.PROP_ACTOR, who);
        eventAdmin.postEvent(new Event(on ? RegistryEvents.PROGRAMME_ENABLED : RegistryEvents.PROGRAMME_DISABLED, props));
    }

    @Override
    public Map<String, String> settings(long schoolId, String programmeId) {
        String s = jdbc.read(c -> Jdbc.one(c, "SELECT settings FROM core_programme_school WHERE school_id = ? AND programme_id = ?",
                rs -> rs.getString(1), schoolId, programmeId).orElse("{}"));
        try {
            return json.mapper().readValue(s, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are not JSON: " + s, e);
        }
    }
}
