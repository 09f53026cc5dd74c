package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Grade;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Paging;
import org.guanai.core.registry.internal.Texts;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.security.Masker;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

/** The core's {@link SchoolService}: schools, classes and staff in {@code core_school}, {@code core_class}, {@code core_staff}. */
@Component(service = SchoolService.class)
public final class SchoolServiceImpl extends RegistryService implements SchoolService {
    private static final String[] GRADE_ZH = { "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级",
            "九年级", "高一", "高二", "高三" };


    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public SchoolServiceImpl(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, @Reference CurrentActor actor,
            @Reference CallerContext callers, @Reference AuditLog audit) {
        this(dataSource, eventAdmin, actor, Clock.systemDefaultZone(), callers, audit);
    }

    /**
     * For tests, with a clock of their own. A static method rather than a public constructor: Declarative Services would
     * take a public constructor of the activation constructor's length for its own.
     */
    public static SchoolServiceImpl forTests(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, Clock clock,
            CallerContext callers, AuditLog audit) {
        return new SchoolServiceImpl(dataSource, eventAdmin, actor, clock, callers, audit);
    }

    private SchoolServiceImpl(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, Clock clock, CallerContext callers,
            AuditLog audit) {
        super(dataSource, eventAdmin, actor, clock, callers, audit);
    }

    // ---- schools

    @Override
    public Page<School> schools(boolean includeArchived, int page, int size) {
        Paging.check(page, size, messages);
        StringBuilder w = new StringBuilder(includeArchived ? " WHERE 1 = 1" : " WHERE archived = FALSE");
        List<Object> args = new ArrayList<>();
        guard.scope.restrict(w, args, "id", null);
        String where = w.toString();
        return jdbc.read(c -> {
            long total = Jdbc.count(c, "SELECT COUNT(*) FROM core_school" + where, args.toArray());
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(size);
            pageArgs.add((long) page * size);
            List<School> items = Jdbc.list(c, "SELECT * FROM core_school" + where + " ORDER BY name, id LIMIT ? OFFSET ?",
                    SchoolServiceImpl::school, pageArgs.toArray());
            return new Page<>(items, total, page, size);
        });
    }

    @Override
    public Optional<School> school(long id) {
        return jdbc.read(c -> findSchool(c, id)).filter(x -> guard.scope.reaches(x.id()));
    }

    @Override
    public School createSchool(School in) {
        guard.scope.require(Permissions.SCHOOLS_MANAGE);
        School s = clean(in);
        Validator.throwIfAny(validator.school(s));
        String who = actor.get();
        Instant now = clock.instant();
        School created = guard.tx(jdbc, c -> {
            uniqueSchoolName(c, s.name(), -1);
            long id = Jdbc.insert(c, "INSERT INTO core_school (version, name, code, county, township, address, phone, archived,"
                    + " created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)", s.name(), s.code(), s.county(),
                    s.township(), s.address(), s.phone(), now, now);
            School stored = findSchool(c, id).orElseThrow();
            return guard.created(c, "school", id, null, who, now, stored);
        });
        events.post(RegistryEvents.SCHOOL_CREATED, "school", created.id(), null, created.id(), created.version(), who, null);
        return created;
    }

    @Override
    public School updateSchool(School in) {
        guard.scope.require(Permissions.SCHOOLS_MANAGE);
        School s = clean(in);
        requireId(s.id(), "school");
        Validator.throwIfAny(validator.school(s));
        String who = actor.get();
        Instant now = clock.instant();
        History.Outcome<School> result = guard.tx(jdbc, c -> {
            School old = reachableSchool(c, s.id());
            checkVersion("school", old.id(), s.version(), old.version());
            uniqueSchoolName(c, s.name(), s.id());
            int n = Jdbc.update(c, "UPDATE core_school SET version = version + 1, name = ?, code = ?, county = ?, township = ?,"
                    + " address = ?, phone = ?, archived = ?, updated_at = ? WHERE id = ? AND version = ?", s.name(), s.code(),
                    s.county(), s.township(), s.address(), s.phone(), s.archived(), now, s.id(), s.version());
            concurrent(n, "school", s.id(), s.version(), c, "core_school");
            School stored = findSchool(c, s.id()).orElseThrow();
            return guard.updated(c, "school", s.id(), null, who, now, old, stored);
        });
        School stored = result.value();
        List<History.Change> changes = result.changes();
        events.post(RegistryEvents.SCHOOL_UPDATED, "school", stored.id(), null, stored.id(), stored.version(), who, changes);
        return stored;
    }

    // ---- grades and classes

    @Override
    public List<Grade> grades(long schoolId) {
        return jdbc.read(c -> {
            reachableSchool(c, schoolId);
            return Jdbc.list(c, "SELECT DISTINCT grade_level FROM core_class WHERE school_id = ? ORDER BY grade_level",
                    rs -> grade(rs.getInt(1)), schoolId);
        });
    }

    public static Grade grade(int level) {
        return new Grade(level, level >= 1 && level <= 12 ? GRADE_ZH[level - 1] : level + "年级", "Grade " + level);
    }

    @Override
    public List<SchoolClass> classes(long schoolId) {
        return jdbc.read(c -> {
            reachableSchool(c, schoolId);
            return Jdbc.list(c, "SELECT * FROM core_class WHERE school_id = ? ORDER BY grade_level, name",
                    SchoolServiceImpl::schoolClass, schoolId);
        });
    }

    @Override
    public Optional<SchoolClass> schoolClass(long id) {
        return jdbc.read(c -> findClass(c, id)).filter(k -> guard.scope.reaches(k.schoolId()));
    }

    @Override
    public SchoolClass createClass(SchoolClass in) {
        guard.scope.require(Permissions.CLASSES_MANAGE);
        SchoolClass k = new SchoolClass(null, 0, in.schoolId(), in.gradeLevel(), Texts.clean(in.name()), in.headTeacherId());
        Validator.throwIfAny(validator.schoolClass(k));
        String who = actor.get();
        Instant now = clock.instant();
        SchoolClass created = guard.tx(jdbc, c -> {
            reachableSchool(c, k.schoolId());
            checkClassReferences(c, k, -1);
            long id = Jdbc.insert(c, "INSERT INTO core_class (version, school_id, grade_level, name, head_teacher_id, created_at,"
                    + " updated_at) VALUES (0, ?, ?, ?, ?, ?, ?)", k.schoolId(), k.gradeLevel(), k.name(), k.headTeacherId(), now, now);
            SchoolClass stored = findClass(c, id).orElseThrow();
            return guard.created(c, "class", id, null, who, now, stored);
        });
        events.post(RegistryEvents.CLASS_CREATED, "class", created.id(), null, created.schoolId(), created.version(), who, null);
        return created;
    }

    @Override
    public SchoolClass updateClass(SchoolClass in) {
        guard.scope.require(Permissions.CLASSES_MANAGE);
        requireId(in.id(), "class");
        SchoolClass k = new SchoolClass(in.id(), in.version(), in.schoolId(), in.gradeLevel(), Texts.clean(in.name()),
                in.headTeacherId());
        Validator.throwIfAny(validator.schoolClass(k));
        String who = actor.get();
        Instant now = clock.instant();
        History.Outcome<SchoolClass> result = guard.tx(jdbc, c -> {
            SchoolClass old = findClass(c, k.id()).orElseThrow(() -> new NotFoundException("class", k.id()));
            if (old.schoolId() != k.schoolId() || !guard.scope.reaches(old.schoolId())) {
                throw new NotFoundException("class", k.id());
            }
            checkVersion("class", k.id(), k.version(), old.version());
            checkClassReferences(c, k, k.id());
            int n = Jdbc.update(c, "UPDATE core_class SET version = version + 1, grade_level = ?, name = ?, head_teacher_id = ?,"
                    + " updated_at = ? WHERE id = ? AND version = ?", k.gradeLevel(), k.name(), k.headTeacherId(), now, k.id(),
                    k.version());
            concurrent(n, "class", k.id(), k.version(), c, "core_class");
            SchoolClass stored = findClass(c, k.id()).orElseThrow();
            return guard.updated(c, "class", k.id(), null, who, now, old, stored);
        });
        SchoolClass stored = result.value();
        List<History.Change> changes = result.changes();
        events.post(RegistryEvents.CLASS_UPDATED, "class", stored.id(), null, stored.schoolId(), stored.version(), who, changes);
        return stored;
    }

    @Override
    public void removeClass(long id, long version) {
        guard.scope.require(Permissions.CLASSES_MANAGE);
        String who = actor.get();
        Instant now = clock.instant();
        SchoolClass removed = guard.tx(jdbc, c -> {
            SchoolClass old = findClass(c, id).filter(k -> guard.scope.reaches(k.schoolId()))
                    .orElseThrow(() -> new NotFoundException("class", id));
            checkVersion("class", id, version, old.version());
            long children = Jdbc.count(c, "SELECT COUNT(*) FROM core_child WHERE class_id = ?", id);
            if (children > 0) {
                throw new ValidationException(List.of(messages.error("id", "error.class.notEmpty", children)));
            }
            Jdbc.update(c, "DELETE FROM core_class WHERE id = ? AND version = ?", id, version);
            guard.record(c, "class", id, null, History.REMOVED, who, now, History.removed(old));
            return old;
        });
        events.post(RegistryEvents.CLASS_REMOVED, "class", id, null, removed.schoolId(), version, who, null);
    }

    // ---- staff

    @Override
    public List<Staff> staff(long schoolId, boolean includeInactive) {
        guard.scope.require(Permissions.REGISTRY_READ);
        Masker masker = guard.masker();
        return jdbc.read(c -> {
            reachableSchool(c, schoolId);
            return Jdbc.list(c, "SELECT * FROM core_staff WHERE school_id = ?" + (includeInactive ? "" : " AND active = TRUE")
                    + " ORDER BY name, id", SchoolServiceImpl::staff, schoolId);
        }).stream().map(masker::staff).toList();
    }

    @Override
    public Optional<Staff> staffMember(long id) {
        guard.scope.require(Permissions.REGISTRY_READ);
        return jdbc.read(c -> findStaff(c, id)).filter(x -> guard.scope.reaches(x.schoolId())).map(guard.masker()::staff);
    }

    @Override
    public Staff createStaff(Staff in) {
        guard.scope.require(Permissions.CLASSES_MANAGE);
        Staff s = clean(in);
        Validator.throwIfAny(validator.staff(s));
        String who = actor.get();
        Instant now = clock.instant();
        Staff created = guard.tx(jdbc, c -> {
            reachableSchool(c, s.schoolId());
            long id = Jdbc.insert(c, "INSERT INTO core_staff (version, school_id, name, role, gender, phone, subject, active,"
                    + " created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)", s.schoolId(), s.name(), s.role(),
                    s.gender(), s.phone(), s.subject(), now, now);
            Staff stored = findStaff(c, id).orElseThrow();
            return guard.created(c, "staff", id, null, who, now, stored);
        });
        events.post(RegistryEvents.STAFF_CREATED, "staff", created.id(), null, created.schoolId(), created.version(), who, null);
        return created;
    }

    @Override
    public Staff updateStaff(Staff in) {
        guard.scope.require(Permissions.CLASSES_MANAGE);
        Staff sent = clean(in);
        requireId(sent.id(), "staff");
        String who = actor.get();
        Instant now = clock.instant();
        History.Outcome<Staff> result = guard.tx(jdbc, c -> {
            Staff old = findStaff(c, sent.id()).orElseThrow(() -> new NotFoundException("staff", sent.id()));
            if (old.schoolId() != sent.schoolId() || !guard.scope.reaches(old.schoolId())) {
                throw new NotFoundException("staff", sent.id());
            }
            Staff s = new Staff(sent.id(), sent.version(), sent.schoolId(), sent.name(), sent.role(), sent.gender(),
                    Masker.keep("phone", sent.phone(), old.phone()), sent.subject(), sent.active());
            Validator.throwIfAny(validator.staff(s));
            checkVersion("staff", s.id(), s.version(), old.version());
            int n = Jdbc.update(c, "UPDATE core_staff SET version = version + 1, name = ?, role = ?, gender = ?, phone = ?,"
                    + " subject = ?, active = ?, updated_at = ? WHERE id = ? AND version = ?", s.name(), s.role(), s.gender(),
                    s.phone(), s.subject(), s.active(), now, s.id(), s.version());
            concurrent(n, "staff", s.id(), s.version(), c, "core_staff");
            Staff stored = findStaff(c, s.id()).orElseThrow();
            return guard.updated(c, "staff", s.id(), null, who, now, old, stored);
        });
        Staff stored = result.value();
        List<History.Change> changes = result.changes();
        events.post(RegistryEvents.STAFF_UPDATED, "staff", stored.id(), null, stored.schoolId(), stored.version(), who, changes);
        return stored;
    }

    // ---- helpers

    private void uniqueSchoolName(Connection c, String name, long exceptId) throws SQLException {
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_school WHERE name = ? AND id <> ?", name, exceptId) > 0) {
            throw new ValidationException(List.of(messages.error("name", "error.school.duplicate")));
        }
    }

    private void checkClassReferences(Connection c, SchoolClass k, long exceptId) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_class WHERE school_id = ? AND name = ? AND id <> ?", k.schoolId(), k.name(),
                exceptId) > 0) {
            errors.add(messages.error("name", "error.class.duplicate"));
        }
        if (k.headTeacherId() != null) {
            Optional<Staff> teacher = findStaff(c, k.headTeacherId());
            if (teacher.isEmpty()) {
                errors.add(messages.error("headTeacherId", "error.staff.unknown"));
            } else if (teacher.get().schoolId() != k.schoolId()) {
                errors.add(messages.error("headTeacherId", "error.staff.otherSchool"));
            }
        }
        Validator.throwIfAny(errors);
    }

    /** The school, if the caller reaches it; else {@link NotFoundException}, as for a school that does not exist. */
    private School reachableSchool(Connection c, long schoolId) throws SQLException {
        return findSchool(c, schoolId).filter(x -> guard.scope.reaches(x.id()))
                .orElseThrow(() -> new NotFoundException("school", schoolId));
    }

    public static void requireSchool(Connection c, long schoolId) throws SQLException {
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_school WHERE id = ?", schoolId) == 0) {
            throw new NotFoundException("school", schoolId);
        }
    }

    static void requireId(Long id, String entity) {
        if (id == null) {
            throw new IllegalArgumentException("an update of a " + entity + " needs its id");
        }
    }

    public static void checkVersion(String entity, long id, long expected, long actual) {
        if (expected != actual) {
            throw new StaleVersionException(entity, id, expected, actual);
        }
    }

    /** An update that matched no row lost a race with another writer between our read and our write. */
    public static void concurrent(int updated, String entity, long id, long expected, Connection c, String table) throws SQLException {
        if (updated == 0) {
            long actual = Jdbc.one(c, "SELECT version FROM " + table + " WHERE id = ?", rs -> rs.getLong(1), id)
                    .orElseThrow(() -> new NotFoundException(entity, id));
            throw new StaleVersionException(entity, id, expected, actual);
        }
    }

    private static School clean(School s) {
        return new School(s.id(), s.version(), Texts.clean(s.name()), Texts.clean(s.code()), Texts.clean(s.county()),
                Texts.clean(s.township()), Texts.clean(s.address()), Texts.clean(s.phone()), s.archived());
    }

    private static Staff clean(Staff s) {
        return new Staff(s.id(), s.version(), s.schoolId(), Texts.clean(s.name()), s.role(), s.gender(), Texts.clean(s.phone()),
                Texts.clean(s.subject()), s.id() == null || s.active());
    }

    private static Optional<School> findSchool(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_school WHERE id = ?", SchoolServiceImpl::school, id);
    }

    static Optional<SchoolClass> findClass(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_class WHERE id = ?", SchoolServiceImpl::schoolClass, id);
    }

    private static Optional<Staff> findStaff(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_staff WHERE id = ?", SchoolServiceImpl::staff, id);
    }

    static School school(ResultSet rs) throws SQLException {
        return new School(rs.getLong("id"), rs.getLong("version"), rs.getString("name"), rs.getString("code"),
                rs.getString("county"), rs.getString("township"), rs.getString("address"), rs.getString("phone"),
                rs.getBoolean("archived"));
    }

    static SchoolClass schoolClass(ResultSet rs) throws SQLException {
        return new SchoolClass(rs.getLong("id"), rs.getLong("version"), rs.getLong("school_id"), rs.getInt("grade_level"),
                rs.getString("name"), Jdbc.longOrNull(rs, "head_teacher_id"));
    }

    static Staff staff(ResultSet rs) throws SQLException {
        return new Staff(rs.getLong("id"), rs.getLong("version"), rs.getLong("school_id"), rs.getString("name"),
                Jdbc.enumOrNull(rs, "role", StaffRole.class), Jdbc.enumOrNull(rs, "gender", Gender.class),
                rs.getString("phone"), rs.getString("subject"), rs.getBoolean("active"));
    }
}
