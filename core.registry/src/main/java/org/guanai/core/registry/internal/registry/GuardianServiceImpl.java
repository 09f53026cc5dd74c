package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.ContactFrequency;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianCapacity;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.safety.GuardianshipAlerts;
import org.guanai.core.registry.internal.security.Masker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

/**
 * The core's {@link GuardianService}: parents ({@code core_parent}) and guardians ({@code core_guardian}) of a child.
 * Their changes go into the child's history.
 */
@Component(service = GuardianService.class)
public final class GuardianServiceImpl extends RegistryService implements GuardianService {

    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public GuardianServiceImpl(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, @Reference CurrentActor actor,
            @Reference CallerContext callers, @Reference AuditLog audit) {
        this(dataSource, eventAdmin, actor, Clock.systemDefaultZone(), callers, audit);
    }

    /**
     * For tests, with a clock of their own. A static method rather than a public constructor: Declarative Services would
     * take a public constructor of the activation constructor's length for its own.
     */
    public static GuardianServiceImpl forTests(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, Clock clock,
            CallerContext callers, AuditLog audit) {
        return new GuardianServiceImpl(dataSource, eventAdmin, actor, clock, callers, audit);
    }

    private GuardianServiceImpl(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, Clock clock, CallerContext callers,
            AuditLog audit) {
        super(dataSource, eventAdmin, actor, clock, callers, audit);
    }

    // ---- guardians

    @Override
    public List<Guardian> guardians(long childId) {
        return ofChild(childId, "guardians", GuardianServiceImpl::guardians, Masker::disclosesGuardian, Masker::guardian);
    }

    @Override
    public Guardian addGuardian(Guardian in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        Guardian g = clean(in);
        Validator.throwIfAny(validator.guardian(g, LocalDate.now(clock)));
        String who = actor.get();
        Instant now = clock.instant();
        List<Guardian> demoted = new ArrayList<>();
        Guardian created = guard.tx(jdbc, c -> {
            Child child = requireChild(c, g.childId());
            if (g.primary()) {
                demoted.addAll(clearPrimary(c, g.childId(), -1, who, now));
            }
            long id = Jdbc.insert(c, "INSERT INTO core_guardian (version, child_id, kind, name, relation, occupation, address,"
                    + " phone, health, age, birth_date, is_primary, capacity, capacity_assessed_on, capacity_note, created_at,"
                    + " updated_at, id_number) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", g.childId(), g.kind(),
                    g.name(), g.relation(), g.occupation(), g.address(), g.phone(), g.health(), g.age(), g.birthDate(),
                    g.primary(), g.capacity(), g.capacityAssessedOn(), g.capacityNote(), now, now, g.idNumber());
            GuardianKinds.refresh(c, g.childId());
            GuardianshipAlerts.reassess(c, g.childId(), now);
            Guardian stored = findGuardian(c, id).orElseThrow();
            return guard.created(c, "guardian", id, child.id(), who, now, stored);
        });
        postDemotions(demoted, who);
        events.post(RegistryEvents.GUARDIAN_CREATED, "guardian", created.id(), created.childId(), null, created.version(), who,
                null);
        return guard.masker().guardian(created);
    }

    @Override
    public Guardian updateGuardian(Guardian in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        SchoolServiceImpl.requireId(in.id(), "guardian");
        Guardian sent = clean(in);
        String who = actor.get();
        Instant now = clock.instant();
        List<Guardian> demoted = new ArrayList<>();
        History.Outcome<Guardian> result = guard.tx(jdbc, c -> {
            requireChild(c, sent.childId());
            Guardian old = findGuardian(c, sent.id()).filter(x -> x.childId() == sent.childId())
                    .orElseThrow(() -> new NotFoundException("guardian", sent.id()));
            SchoolServiceImpl.checkVersion("guardian", sent.id(), sent.version(), old.version());
            Guardian g = unmasked(sent, old);
            Validator.throwIfAny(validator.guardian(g, LocalDate.now(clock)));
            if (g.primary() && !old.primary()) {
                demoted.addAll(clearPrimary(c, g.childId(), g.id(), who, now));
            }
            int n = Jdbc.update(c, "UPDATE core_guardian SET version = version + 1, kind = ?, name = ?, relation = ?,"
                    + " occupation = ?, address = ?, phone = ?, health = ?, age = ?, birth_date = ?, is_primary = ?,"
                    + " capacity = ?, capacity_assessed_on = ?, capacity_note = ?, updated_at = ?, id_number = ?"
                    + " WHERE id = ? AND version = ?",
                    g.kind(), g.name(), g.relation(), g.occupation(), g.address(), g.phone(), g.health(), g.age(),
                    g.birthDate(), g.primary(), g.capacity(), g.capacityAssessedOn(), g.capacityNote(), now, g.idNumber(),
                    g.id(), g.version());
            SchoolServiceImpl.concurrent(n, "guardian", g.id(), g.version(), c, "core_guardian");
            if (g.kind() != old.kind()) {
                GuardianKinds.refresh(c, g.childId());
            }
            GuardianshipAlerts.reassess(c, g.childId(), now);
            Guardian stored = findGuardian(c, g.id()).orElseThrow();
            return guard.updated(c, "guardian", g.id(), g.childId(), who, now, old, stored);
        });
        postDemotions(demoted, who);
        Guardian stored = result.value();
        events.post(RegistryEvents.GUARDIAN_UPDATED, "guardian", stored.id(), stored.childId(), null, stored.version(), who,
                result.changes());
        return guard.masker().guardian(stored);
    }

    @Override
    public void removeGuardian(long id, long version) {
        remove("guardian", id, version, GuardianServiceImpl::findGuardian, Guardian::childId, Guardian::version,
                RegistryEvents.GUARDIAN_REMOVED);
    }

    /** Clears the primary flag of the child's other guardians, with history; returns them as stored after. */
    private List<Guardian> clearPrimary(Connection c, long childId, long exceptId, String who, Instant now) throws SQLException {
        List<Guardian> changed = new ArrayList<>();
        for (Guardian other : guardians(c, childId)) {
            if (other.primary() && other.id() != exceptId) {
                Jdbc.update(c, "UPDATE core_guardian SET version = version + 1, is_primary = FALSE, updated_at = ? WHERE id = ?",
                        now, other.id());
                Guardian after = findGuardian(c, other.id()).orElseThrow();
                guard.record(c, "guardian", other.id(), childId, History.UPDATED, who, now, History.diff(other, after));
                changed.add(after);
            }
        }
        return changed;
    }

    private void postDemotions(List<Guardian> demoted, String who) {
        for (Guardian d : demoted) {
            events.post(RegistryEvents.GUARDIAN_UPDATED, "guardian", d.id(), d.childId(), null, d.version(), who,
                    List.of(new History.Change("primary", "true", "false")));
        }
    }

    // ---- parents

    @Override
    public List<Parent> parents(long childId) {
        return ofChild(childId, "parents", GuardianServiceImpl::parents, Masker::disclosesParent, Masker::parent);
    }

    @Override
    public Parent addParent(Parent in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        Parent p = clean(in);
        Validator.throwIfAny(validator.parent(p, LocalDate.now(clock)));
        String who = actor.get();
        Instant now = clock.instant();
        Parent created = guard.tx(jdbc, c -> {
            requireChild(c, p.childId());
            uniqueRole(c, p, -1);
            long id = Jdbc.insert(c, "INSERT INTO core_parent (version, child_id, role, name, phone, birth_date, away,"
                    + " work_province, work_city, employer, employer_address, employer_phone, away_since, return_frequency,"
                    + " call_frequency, guardianship_capacity, deceased, created_at, updated_at, id_number)"
                    + " VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.childId(), p.role(), p.name(),
                    p.phone(), p.birthDate(), p.away(), p.workProvince(), p.workCity(), p.employer(), p.employerAddress(),
                    p.employerPhone(), p.awaySince(), p.returnFrequency(), p.callFrequency(), p.guardianshipCapacity(),
                    p.deceased(), now, now, p.idNumber());
            Parent stored = findParent(c, id).orElseThrow();
            return guard.created(c, "parent", id, p.childId(), who, now, stored);
        });
        events.post(RegistryEvents.PARENT_CREATED, "parent", created.id(), created.childId(), null, created.version(), who, null);
        return guard.masker().parent(created);
    }

    @Override
    public Parent updateParent(Parent in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        SchoolServiceImpl.requireId(in.id(), "parent");
        Parent sent = clean(in);
        String who = actor.get();
        Instant now = clock.instant();
        History.Outcome<Parent> result = guard.tx(jdbc, c -> {
            requireChild(c, sent.childId());
            Parent old = findParent(c, sent.id()).filter(x -> x.childId() == sent.childId())
                    .orElseThrow(() -> new NotFoundException("parent", sent.id()));
            SchoolServiceImpl.checkVersion("parent", sent.id(), sent.version(), old.version());
            Parent p = unmasked(sent, old);
            Validator.throwIfAny(validator.parent(p, LocalDate.now(clock)));
            uniqueRole(c, p, p.id());
            int n = Jdbc.update(c, "UPDATE core_parent SET version = version + 1, role = ?, name = ?, phone = ?, birth_date = ?,"
                    + " away = ?, work_province = ?, work_city = ?, employer = ?, employer_address = ?, employer_phone = ?,"
                    + " away_since = ?, return_frequency = ?, call_frequency = ?, guardianship_capacity = ?, deceased = ?,"
                    + " updated_at = ?, id_number = ? WHERE id = ? AND version = ?", p.role(), p.name(), p.phone(), p.birthDate(),
                    p.away(), p.workProvince(), p.workCity(), p.employer(), p.employerAddress(), p.employerPhone(),
                    p.awaySince(), p.returnFrequency(), p.callFrequency(), p.guardianshipCapacity(), p.deceased(), now,
                    p.idNumber(), p.id(), p.version());
            SchoolServiceImpl.concurrent(n, "parent", p.id(), p.version(), c, "core_parent");
            Parent stored = findParent(c, p.id()).orElseThrow();
            return guard.updated(c, "parent", p.id(), p.childId(), who, now, old, stored);
        });
        Parent stored = result.value();
        events.post(RegistryEvents.PARENT_UPDATED, "parent", stored.id(), stored.childId(), null, stored.version(), who,
                result.changes());
        return guard.masker().parent(stored);
    }

    @Override
    public void removeParent(long id, long version) {
        remove("parent", id, version, GuardianServiceImpl::findParent, Parent::childId, Parent::version, RegistryEvents.PARENT_REMOVED);
    }

    private void uniqueRole(Connection c, Parent p, long exceptId) throws SQLException {
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_parent WHERE child_id = ? AND role = ? AND id <> ?", p.childId(), p.role(),
                exceptId) > 0) {
            throw new ValidationException(List.of(messages.error("role", "error.parent.duplicateRole")));
        }
    }

    // ---- a school's families in batches

    @Override
    public void forEachFamily(ChildQuery query, Consumer<Family> action) {
        boolean masked = guard.scope.caller().isPresent();
        ChildServiceImpl.batches(jdbc, guard, query, batch -> families(batch, masked, action));
    }

    @Override
    public void forEachFamily(ChildQuery query, Collection<Long> childIds, Consumer<Family> action) {
        boolean masked = guard.scope.caller().isPresent();
        ChildServiceImpl.batchesOf(jdbc, guard, query, childIds, batch -> families(batch, masked, action));
    }

    /** The parents and guardians of a batch of children in two statements, list rows for a caller ({@code masked}). */
    private void families(List<Child> batch, boolean masked, Consumer<Family> action) {
        List<Long> ids = batch.stream().map(Child::id).toList();
        String in = " IN (" + String.join(",", Collections.nCopies(ids.size(), "?")) + ")";
        Object[] args = ids.toArray();
        Map<Long, List<Parent>> parents = new HashMap<>();
        Map<Long, List<Guardian>> guardians = new HashMap<>();
        jdbc.read(c -> {
            // the orders of parents(c, id) and guardians(c, id) within each child
            parentsOf(c, ids).forEach((child, ps) -> parents.put(child, masked ? ps.stream().map(Masker::listRow).toList() : ps));
            for (Guardian g : Jdbc.list(c, "SELECT * FROM core_guardian WHERE child_id" + in + " ORDER BY child_id, is_primary DESC, id",
                    GuardianServiceImpl::guardian, args)) {
                guardians.computeIfAbsent(g.childId(), k -> new ArrayList<>()).add(masked ? Masker.listRow(g) : g);
            }
            return null;
        });
        for (Child k : batch) {
            action.accept(new Family(k, parents.getOrDefault(k.id(), List.of()), guardians.getOrDefault(k.id(), List.of())));
        }
    }

    /** The parents of these children (unmasked), in the order of {@link #parents(Connection, long)} for each child. */
    static Map<Long, List<Parent>> parentsOf(Connection c, List<Long> childIds) throws SQLException {
        String in = " IN (" + String.join(",", Collections.nCopies(childIds.size(), "?")) + ")";
        Map<Long, List<Parent>> out = new HashMap<>();
        for (Parent p : Jdbc.list(c, "SELECT * FROM core_parent WHERE child_id" + in + " ORDER BY child_id, role, id",
                GuardianServiceImpl::parent, childIds.toArray())) {
            out.computeIfAbsent(p.childId(), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    // ---- shared by parents and guardians

    /** Rows of one kind that belong to a child. */
    @FunctionalInterface
    private interface ChildRows<T> {
        List<T> read(Connection c, long childId) throws SQLException;
    }

    /** A row of one kind by its id. */
    @FunctionalInterface
    private interface Find<T> {
        Optional<T> find(Connection c, long id) throws SQLException;
    }

    /** The parents or the guardians of a child the caller reaches, masked for the caller; a disclosing read is audited. */
    private <T> List<T> ofChild(long childId, String entity, ChildRows<T> rows, BiPredicate<Masker, T> discloses,
            BiFunction<Masker, T, T> mask) {
        guard.scope.require(Permissions.REGISTRY_READ);
        Child[] child = new Child[1];
        List<T> all = jdbc.read(c -> {
            child[0] = requireChild(c, childId);
            return rows.read(c, childId);
        });
        Masker masker = guard.masker();
        if (all.stream().anyMatch(x -> discloses.test(masker, x))) {
            guard.read(entity, childId, childId, child[0].schoolId(), null);
        }
        return all.stream().map(x -> mask.apply(masker, x)).toList();
    }

    /** Removes a parent or a guardian ({@code core_<entity>}) at its version, with history, audit and event. */
    private <T extends Record> void remove(String entity, long id, long version, Find<T> find, ToLongFunction<T> childId,
            ToLongFunction<T> versionOf, String event) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        String who = actor.get();
        Instant now = clock.instant();
        T removed = guard.tx(jdbc, c -> {
            T old = find.find(c, id).orElseThrow(() -> new NotFoundException(entity, id));
            requireChild(c, childId.applyAsLong(old));
            SchoolServiceImpl.checkVersion(entity, id, version, versionOf.applyAsLong(old));
            Jdbc.update(c, "DELETE FROM core_" + entity + " WHERE id = ? AND version = ?", id, version);
            if (entity.equals("guardian")) {
                GuardianKinds.refresh(c, childId.applyAsLong(old));
                GuardianshipAlerts.reassess(c, childId.applyAsLong(old), now);
            }
            guard.record(c, entity, id, childId.applyAsLong(old), History.REMOVED, who, now, History.removed(old));
            return old;
        });
        events.post(event, entity, id, childId.applyAsLong(removed), null, version, who, null);
    }

    // ---- rows

    private Child requireChild(Connection c, long childId) throws SQLException {
        return guard.reachableChild(c, childId);
    }

    /** Stored values where the client sent back their masked form unchanged. */
    private static Guardian unmasked(Guardian g, Guardian old) {
        return g.toBuilder().address(Masker.keep("address", g.address(), old.address()))
                .phone(Masker.keep("phone", g.phone(), old.phone())).health(Masker.keep("health", g.health(), old.health()))
                .capacityNote(Masker.keep("capacityNote", g.capacityNote(), old.capacityNote()))
                .idNumber(Masker.keep("idNumber", g.idNumber(), old.idNumber())).build();
    }

    private static Parent unmasked(Parent p, Parent old) {
        return p.toBuilder().phone(Masker.keep("phone", p.phone(), old.phone()))
                .employerAddress(Masker.keep("employerAddress", p.employerAddress(), old.employerAddress()))
                .employerPhone(Masker.keep("employerPhone", p.employerPhone(), old.employerPhone()))
                .idNumber(Masker.keep("idNumber", p.idNumber(), old.idNumber())).build();
    }

    public static List<Guardian> guardians(Connection c, long childId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM core_guardian WHERE child_id = ? ORDER BY is_primary DESC, id",
                GuardianServiceImpl::guardian, childId);
    }

    static List<Parent> parents(Connection c, long childId) throws SQLException {
        // FATHER sorts before MOTHER
        return Jdbc.list(c, "SELECT * FROM core_parent WHERE child_id = ? ORDER BY role, id", GuardianServiceImpl::parent,
                childId);
    }

    private static Optional<Guardian> findGuardian(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_guardian WHERE id = ?", GuardianServiceImpl::guardian, id);
    }

    private static Optional<Parent> findParent(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_parent WHERE id = ?", GuardianServiceImpl::parent, id);
    }

    private static Guardian clean(Guardian g) {
        return g.toBuilder().name(Texts.clean(g.name())).relation(Texts.clean(g.relation()))
                .occupation(Texts.clean(g.occupation())).address(Texts.clean(g.address())).phone(Texts.clean(g.phone()))
                .health(Texts.clean(g.health()))
                .capacity(g.capacity() == null ? GuardianCapacity.CAPABLE : g.capacity())
                .capacityNote(Texts.clean(g.capacityNote())).idNumber(Texts.idNumber(g.idNumber())).build();
    }

    private static Parent clean(Parent p) {
        return p.toBuilder().name(Texts.clean(p.name())).phone(Texts.clean(p.phone()))
                .workProvince(Texts.clean(p.workProvince())).workCity(Texts.clean(p.workCity()))
                .employer(Texts.clean(p.employer())).employerAddress(Texts.clean(p.employerAddress()))
                .employerPhone(Texts.clean(p.employerPhone())).idNumber(Texts.idNumber(p.idNumber())).build();
    }

    static Guardian guardian(ResultSet rs) throws SQLException {
        return new Guardian(rs.getLong("id"), rs.getLong("version"), rs.getLong("child_id"),
                Jdbc.enumOrNull(rs, "kind", GuardianKind.class), rs.getString("name"), rs.getString("relation"),
                rs.getString("occupation"), rs.getString("address"), rs.getString("phone"), rs.getString("health"),
                Jdbc.intOrNull(rs, "age"), Jdbc.date(rs, "birth_date"), rs.getBoolean("is_primary"),
                Jdbc.enumOrNull(rs, "capacity", GuardianCapacity.class), Jdbc.date(rs, "capacity_assessed_on"),
                rs.getString("capacity_note"), rs.getString("id_number"));
    }

    static Parent parent(ResultSet rs) throws SQLException {
        return new Parent(rs.getLong("id"), rs.getLong("version"), rs.getLong("child_id"),
                Jdbc.enumOrNull(rs, "role", ParentRole.class), rs.getString("name"), rs.getString("phone"),
                Jdbc.date(rs, "birth_date"), rs.getBoolean("away"), rs.getString("work_province"), rs.getString("work_city"),
                rs.getString("employer"), rs.getString("employer_address"), rs.getString("employer_phone"),
                Jdbc.date(rs, "away_since"), Jdbc.enumOrNull(rs, "return_frequency", ContactFrequency.class),
                Jdbc.enumOrNull(rs, "call_frequency", ContactFrequency.class), rs.getBoolean("guardianship_capacity"),
                rs.getBoolean("deceased"), rs.getString("id_number"));
    }
}
