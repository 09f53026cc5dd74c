package org.guanai.core.registry.internal.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.ChildService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Assistance;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.GuardianshipType;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.IncomeSource;
import org.guanai.core.api.dto.Schooling;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Paging;
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

/** The core's {@link ChildService}: the child archive (一人一档) in {@code core_child}, with field-level history. */
@Component(service = ChildService.class)
public final class ChildServiceImpl extends RegistryService implements ChildService {
    private static final String COLUMNS = "INSERT INTO core_child (version, name, gender, birth_date, id_number, student_number,"
            + " ethnicity, school_id, class_id, boarding, home_address, village, left_behind_type, left_behind_since,"
            + " unattended, health_note, hobbies, flags, archived, created_at, updated_at, hukou_registered, hukou_place,"
            + " health_status, schooling, income_sources, assistance, guardianship_type, village_contact)"
            + " VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final EligibilityPolicy eligibility;

    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public ChildServiceImpl(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference EventAdmin eventAdmin, @Reference CurrentActor actor,
            @Reference EligibilityPolicy eligibility, @Reference CallerContext callers, @Reference AuditLog audit) {
        this(dataSource, eventAdmin, actor, eligibility, Clock.systemDefaultZone(), callers, audit);
    }

    /**
     * For tests, with a clock of their own. A static method rather than a public constructor: Declarative Services would
     * take a public constructor of the activation constructor's length for its own.
     */
    public static ChildServiceImpl forTests(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, EligibilityPolicy eligibility,
            Clock clock, CallerContext callers, AuditLog audit) {
        return new ChildServiceImpl(dataSource, eventAdmin, actor, eligibility, clock, callers, audit);
    }

    private ChildServiceImpl(DataSource dataSource, EventAdmin eventAdmin, CurrentActor actor, EligibilityPolicy eligibility,
            Clock clock, CallerContext callers, AuditLog audit) {
        super(dataSource, eventAdmin, actor, clock, callers, audit);
        this.eligibility = eligibility;
        this.totals = new ListTotals(TOTAL_MAX_AGE_NANOS, 256, System::nanoTime);
    }

    /** Text that may be the start of an ID number or a 学籍号 (both letters and digits only, see {@link Validator}). */
    private static final java.util.regex.Pattern ID_TEXT = java.util.regex.Pattern.compile("[0-9A-Za-z]+");
    /** How long a list's total is kept (another node's writes show in totals after at most this long). */
    static final long TOTAL_MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final ListTotals totals;

    /** How many children {@link #forEach} reads at a time. */
    static final int FOR_EACH_PAGE = 500;

    @Override
    public Page<Child> find(ChildQuery q) {
        guard.scope.require(Permissions.REGISTRY_READ);
        Paging.check(q.page(), q.size(), messages);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        boolean keyed = filter(guard, q, where, args);
        boolean masked = guard.scope.caller().isPresent();
        ListTotals.Key key = new ListTotals.Key(where.toString(), List.copyOf(args));
        long offset = (long) q.page() * q.size();
        return jdbc.read(c -> {
            if (offset >= ChildPages.ANCHOR_EVERY) {
                // deep into a list (a school's, or all a county reaches): seek from the nearest kept key instead of
                // skipping every row before
                ListTotals.Listing listing = totals.listing(key, () -> ChildPages.scan(c, where.toString(), args));
                List<Child> items = ChildPages.rows(c, ChildPages.ids(c, where.toString(), args, listing, offset, q.size()));
                return new Page<>(masked ? items.stream().map(Masker::listRow).toList() : items, listing.total(), q.page(), q.size());
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(q.size());
            pageArgs.add(offset);
            // Page over ids on the covering list index alone (V40), then read only the rows of the page. Two statements,
            // not a join on a derived table: inside one, H2 planned the ids on a foreign-key index and read every row
            // of the school or class to check its condition. A search on the name keys can find few children (those
            // with the text's first characters), so its page also counts them all (one reading of them instead of two).
            long[] counted = { -1 };
            List<Long> ids = Jdbc.list(c, "SELECT c.id" + (keyed ? ", COUNT(*) OVER ()" : "") + " FROM core_child c" + where
                    + " ORDER BY c.school_id, c.class_id, c.name, c.id LIMIT ? OFFSET ?", rs -> {
                        if (keyed) {
                            counted[0] = rs.getLong(2);
                        }
                        return rs.getLong(1);
                    }, pageArgs.toArray());
            List<Child> items = ChildPages.rows(c, ids);
            long total;
            if (counted[0] >= 0 || items.size() < q.size() && (!items.isEmpty() || offset == 0)) {
                // counted with the page, or a short page: the last one, whose total is exact; kept for the other pages
                total = counted[0] >= 0 ? counted[0] : offset + items.size();
                totals.known(key, total);
            } else {
                total = totals.total(key, () -> Jdbc.count(c, "SELECT COUNT(*) FROM core_child c" + where, args.toArray()));
            }
            return new Page<>(masked ? items.stream().map(Masker::listRow).toList() : items, total, q.page(), q.size());
        });
    }

    /** Pages through the matching children by id (keyset), so that writes meanwhile neither skip nor repeat a child. */
    @Override
    public void forEach(ChildQuery q, java.util.function.Consumer<Child> action) {
        batches(jdbc, guard, q, batch -> batch.forEach(action));
    }

    /**
     * The children of {@link #forEach}, {@link #FOR_EACH_PAGE} at a time (each batch masked as a list for a caller),
     * for {@link GuardianServiceImpl#forEachFamily} too.
     */
    static void batches(Jdbc jdbc, Guard guard, ChildQuery q, java.util.function.Consumer<List<Child>> action) {
        guard.scope.require(Permissions.REGISTRY_READ);
        StringBuilder where = new StringBuilder(" WHERE c.id > ?");
        List<Object> args = new ArrayList<>();
        args.add(0L);
        filter(guard, q, where, args);
        boolean masked = guard.scope.caller().isPresent();
        args.add(FOR_EACH_PAGE);
        // Within one school, ordered as core_child_school_id_ix (V40) is, so that each batch reads its 500 rows on that
        // index: ordered by id alone, H2 read and sorted every remaining child of the school for each batch. Within one
        // class, as core_child_class_id_ix (V50) is: on the school's index each batch read the rows of every other class
        // between its ids to check their class (health's entry sheet of a class of 8,300 in a school of 50,000: 0.45 s → 0.1 s).
        String order = q.classId() != null ? " ORDER BY c.class_id, c.id LIMIT ?"
                : q.schoolId() != null ? " ORDER BY c.school_id, c.id LIMIT ?" : " ORDER BY c.id LIMIT ?";
        while (true) {
            List<Child> page = jdbc.read(c -> Jdbc.list(c, "SELECT c.* FROM core_child c" + where + order,
                    ChildServiceImpl::child, args.toArray()));
            if (!page.isEmpty()) {
                action.accept(masked ? page.stream().map(Masker::listRow).toList() : page);
            }
            if (page.size() < FOR_EACH_PAGE) {
                return;
            }
            args.set(0, page.get(page.size() - 1).id());
        }
    }

    @Override
    public void forEachOf(ChildQuery q, java.util.Collection<Long> ids, java.util.function.Consumer<Child> action) {
        batchesOf(jdbc, guard, q, ids, batch -> batch.forEach(action));
    }

    /** The children of {@link #forEachOf}, up to {@link #FOR_EACH_PAGE} at a time, for {@link GuardianServiceImpl} too. */
    static void batchesOf(Jdbc jdbc, Guard guard, ChildQuery q, java.util.Collection<Long> ids,
            java.util.function.Consumer<List<Child>> action) {
        guard.scope.require(Permissions.REGISTRY_READ);
        boolean masked = guard.scope.caller().isPresent();
        List<Long> sorted = ids.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
        for (int from = 0; from < sorted.size(); from += FOR_EACH_PAGE) {
            List<Long> part = sorted.subList(from, Math.min(sorted.size(), from + FOR_EACH_PAGE));
            StringBuilder where = new StringBuilder(" WHERE c.id IN (" + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")");
            List<Object> args = new ArrayList<>(part);
            filter(guard, q, where, args);
            List<Child> page = jdbc.read(c -> Jdbc.list(c, "SELECT c.* FROM core_child c" + where + " ORDER BY c.id",
                    ChildServiceImpl::child, args.toArray()));
            if (!page.isEmpty()) {
                action.accept(masked ? page.stream().map(Masker::listRow).toList() : page);
            }
        }
    }

    /**
     * The conditions of a query and the caller's reach, appended to {@code where} (which starts with a condition).
     *
     * @return whether the children are looked up on the name keys (a search by name: few children can match)
     */
    private static boolean filter(Guard guard, ChildQuery q, StringBuilder where, List<Object> args) {
        guard.scope.restrict(where, args, "c.school_id", "c.class_id");
        if (!q.includeArchived()) {
            where.append(" AND c.archived = FALSE");
        }
        String text = Texts.clean(q.text());
        boolean idText = text != null && guard.scope.allows(Permissions.REGISTRY_PERSONAL) && ID_TEXT.matcher(text).matches();
        String key = text == null || idText ? null : ChildNameKeys.searchKey(text);
        // a search on the name keys takes the school from the keys (they carry it): with c.school_id in the outer
        // condition too, H2 planned the search on the list index and checked each of the school's children against the
        // keys (8.6 ms for a name on 50,000 children; 0.2 ms from the keys)
        if (q.schoolId() != null && key == null) {
            where.append(" AND c.school_id = ?");
            args.add(q.schoolId());
        }
        if (q.classId() != null) {
            where.append(" AND c.class_id = ?");
            args.add(q.classId());
        }
        if (q.leftBehindType() != null) {
            where.append(" AND c.left_behind_type = ?");
            args.add(q.leftBehindType());
        }
        if (q.guardianKind() != null) {
            // on the list index (V42), as the left-behind type: a subquery per child read every child of the school
            where.append(" AND c.guardian_kinds LIKE ? ESCAPE '\\'");
            args.add(GuardianKinds.having(q.guardianKind()));
        }
        if (idText) {
            String prefix = Jdbc.likeEscape(text.toUpperCase(java.util.Locale.ROOT)) + "%";
            where.append(" AND (c.name LIKE ? ESCAPE '\\' OR c.id_number LIKE ? ESCAPE '\\'"
                    + " OR UPPER(c.student_number) LIKE ? ESCAPE '\\')");
            args.add("%" + Jdbc.likeEscape(text) + "%");
            args.add(prefix);
            args.add(prefix);
        } else if (text != null) {
            // without the right to see ID numbers, searching by them (or by the 学籍号, G + the ID number) would reveal
            // them digit by digit: the name alone. Text that is not a possible start of an ID number or a 学籍号 (both
            // letters and digits only, see Validator), e.g. a name in 汉字, is looked for in the name alone too: the
            // name is in the covering list index, the other two columns would make every row be read (V40).
            if (!text.equals(key)) {
                // a text of one or two characters is a key itself: a name has it if and only if the child has that key,
                // so the names need not be read (a common character: 2,400 children of a school read 3× faster)
                where.append(" AND c.name LIKE ? ESCAPE '\\'");
                args.add("%" + Jdbc.likeEscape(text) + "%");
            }
            if (key != null) {
                // on the index of the name keys (V41): only the children with the text's first characters are read
                where.append(" AND c.id IN (SELECT k.child_id FROM core_child_name_key k WHERE k.name_key = ?");
                args.add(key);
                if (q.schoolId() != null) {
                    where.append(" AND k.school_id = ?"); // on the key's index: only the keys of that school
                    args.add(q.schoolId());
                }
                where.append(")");
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Child> get(long id) {
        guard.scope.require(Permissions.REGISTRY_READ);
        Optional<Child> child = jdbc.read(c -> find(c, id)).filter(k -> guard.scope.sees(k.schoolId(), k.classId()));
        if (child.isEmpty()) {
            return child;
        }
        Masker masker = guard.masker();
        if (masker.disclosesChild(child.get())) {
            guard.read("child", id, id, child.get().schoolId(), null);
        }
        return child.map(masker::child);
    }

    @Override
    public Child create(Child in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        Child k = clean(in);
        LocalDate today = LocalDate.now(clock);
        Validator.throwIfAny(validator.child(k, today));
        String who = actor.get();
        Instant now = clock.instant();
        Child created = guard.tx(jdbc, c -> {
            checkReferences(c, k, -1);
            long id = Jdbc.insert(c, COLUMNS, k.name(), k.gender(), k.birthDate(), k.idNumber(), k.studentNumber(),
                    k.ethnicity(), k.schoolId(), k.classId(), k.boarding(), k.homeAddress(), k.village(), k.leftBehindType(),
                    k.leftBehindSince(), k.unattended(), k.healthNote(), k.hobbies(), flags(k.flags()), now, now,
                    k.hukouRegistered(), k.hukouPlace(), k.health(), k.schooling(), flags(k.incomeSources()),
                    flags(k.assistance()), k.guardianship(), k.villageContact());
            ChildNameKeys.insert(c, id, k.name(), k.schoolId());
            GuardianshipAlerts.reassess(c, id, now);
            Child stored = find(c, id).orElseThrow();
            return guard.created(c, "child", id, id, who, now, stored);
        });
        totals.changed();
        events.post(RegistryEvents.CHILD_CREATED, "child", created.id(), created.id(), created.schoolId(), created.version(),
                who, null);
        return guard.masker().child(created);
    }

    @Override
    public Child update(Child in) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        SchoolServiceImpl.requireId(in.id(), "child");
        Child sent = clean(in);
        LocalDate today = LocalDate.now(clock);
        String who = actor.get();
        Instant now = clock.instant();
        History.Outcome<Child> result = guard.tx(jdbc, c -> {
            Child old = guard.reachableChild(c, sent.id());
            SchoolServiceImpl.checkVersion("child", sent.id(), sent.version(), old.version());
            Child k = unmasked(sent, old);
            Validator.throwIfAny(validator.child(k, today));
            if (old.archived()) {
                throw new ValidationException(List.of(messages.error("archived", "error.child.archived")));
            }
            Child candidate = k.toBuilder().id(old.id()).version(old.version()).archived(old.archived())
                    .createdAt(old.createdAt()).updatedAt(old.updatedAt()).build();
            if (History.diff(old, candidate).isEmpty()) {
                return new History.Outcome<>(old, List.<History.Change>of()); // nothing to change: same version, no event
            }
            checkReferences(c, k, k.id());
            int n = Jdbc.update(c, "UPDATE core_child SET version = version + 1, name = ?, gender = ?, birth_date = ?,"
                    + " id_number = ?, student_number = ?, ethnicity = ?, school_id = ?, class_id = ?, boarding = ?,"
                    + " home_address = ?, village = ?, left_behind_type = ?, left_behind_since = ?, unattended = ?,"
                    + " health_note = ?, hobbies = ?, flags = ?, updated_at = ?, hukou_registered = ?, hukou_place = ?,"
                    + " health_status = ?, schooling = ?, income_sources = ?, assistance = ?, guardianship_type = ?,"
                    + " village_contact = ? WHERE id = ? AND version = ?", k.name(),
                    k.gender(), k.birthDate(), k.idNumber(), k.studentNumber(), k.ethnicity(), k.schoolId(), k.classId(),
                    k.boarding(), k.homeAddress(), k.village(), k.leftBehindType(), k.leftBehindSince(), k.unattended(),
                    k.healthNote(), k.hobbies(), flags(k.flags()), now, k.hukouRegistered(), k.hukouPlace(), k.health(),
                    k.schooling(), flags(k.incomeSources()), flags(k.assistance()), k.guardianship(), k.villageContact(),
                    k.id(), k.version());
            SchoolServiceImpl.concurrent(n, "child", k.id(), k.version(), c, "core_child");
            if (!k.name().equals(old.name()) || !java.util.Objects.equals(k.schoolId(), old.schoolId())) {
                ChildNameKeys.write(c, k.id(), k.name(), k.schoolId());
            }
            GuardianshipAlerts.reassess(c, k.id(), now);
            Child stored = find(c, k.id()).orElseThrow();
            return guard.updated(c, "child", k.id(), k.id(), who, now, old, stored);
        });
        Child stored = result.value();
        if (result.changes().isEmpty()) {
            return guard.masker().child(stored);
        }
        totals.changed();
        events.post(RegistryEvents.CHILD_UPDATED, "child", stored.id(), stored.id(), stored.schoolId(), stored.version(), who,
                result.changes());
        return guard.masker().child(stored);
    }

    @Override
    public Child archive(long id, long version) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        String who = actor.get();
        Instant now = clock.instant();
        boolean[] changed = { false };
        Child archived = guard.tx(jdbc, c -> {
            Child old = guard.reachableChild(c, id);
            SchoolServiceImpl.checkVersion("child", id, version, old.version());
            if (old.archived()) {
                return old;
            }
            changed[0] = true;
            int n = Jdbc.update(c, "UPDATE core_child SET version = version + 1, archived = TRUE, updated_at = ?"
                    + " WHERE id = ? AND version = ?", now, id, version);
            SchoolServiceImpl.concurrent(n, "child", id, version, c, "core_child");
            guard.record(c, "child", id, id, History.ARCHIVED, who, now,
                    List.of(new History.Change("archived", "false", "true")));
            GuardianshipAlerts.reassess(c, id, now);
            return find(c, id).orElseThrow();
        });
        if (changed[0]) {
            totals.changed();
            events.post(RegistryEvents.CHILD_ARCHIVED, "child", id, id, archived.schoolId(), archived.version(), who, null);
        }
        return guard.masker().child(archived);
    }

    @Override
    public Instant confirmContactCard(long childId) {
        guard.scope.require(Permissions.REGISTRY_WRITE);
        String who = actor.get();
        Instant now = clock.instant();
        guard.tx(jdbc, c -> {
            guard.reachableChild(c, childId);
            Instant before = Jdbc.list(c, "SELECT card_checked_at FROM core_child WHERE id = ?",
                    rs -> Optional.ofNullable(Jdbc.instant(rs, "card_checked_at")), childId).get(0).orElse(null);
            Jdbc.update(c, "UPDATE core_child SET card_checked_at = ? WHERE id = ?", now, childId);
            guard.record(c, "child", childId, childId, History.CHECKED, who, now,
                    List.of(new History.Change("contactCard", before == null ? null : before.toString(), now.toString())));
            return null;
        });
        return now;
    }

    @Override
    public List<HistoryEntry> history(long childId) {
        guard.scope.require(Permissions.REGISTRY_READ);
        Child[] child = new Child[1];
        List<HistoryEntry> all = jdbc.read(c -> {
            child[0] = guard.reachableChild(c, childId);
            return History.forChild(c, childId);
        });
        Masker masker = guard.masker();
        if (all.stream().anyMatch(masker::disclosesHistory)) {
            guard.read("history", childId, childId, child[0].schoolId(), null);
        }
        return all.stream().map(masker::history).toList();
    }

    @Override
    public EligibilityReport eligibility(long childId) {
        guard.scope.require(Permissions.REGISTRY_READ);
        return jdbc.read(c -> {
            Child child = guard.reachableChild(c, childId);
            return eligibility.rule().evaluate(child, GuardianServiceImpl.parents(c, childId), LocalDate.now(clock));
        });
    }

    @Override
    public Set<Long> eligibleAmong(java.util.Collection<Long> childIds) {
        EligibilityRule rule = eligibility.rule();
        LocalDate today = LocalDate.now(clock);
        Set<Long> out = new java.util.HashSet<>();
        // the children in the caller's reach, not archived, 500 at a time; the rule reads the birth date, type and flags
        // (kept in list rows) and the parents, read unmasked here: only the ids leave this method
        batchesOf(jdbc, guard, new ChildQuery(null, null, null, null, null, false, 0, FOR_EACH_PAGE), childIds, batch -> {
            java.util.Map<Long, List<org.guanai.core.api.dto.Parent>> parents = jdbc.read(
                    c -> GuardianServiceImpl.parentsOf(c, batch.stream().map(Child::id).toList()));
            for (Child k : batch) {
                if (rule.evaluate(k, parents.getOrDefault(k.id(), List.of()), today).eligible()) {
                    out.add(k.id());
                }
            }
        });
        return out;
    }

    private void checkReferences(Connection c, Child k, long exceptId) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (Jdbc.count(c, "SELECT COUNT(*) FROM core_school WHERE id = ?", k.schoolId()) == 0
                || !guard.scope.reaches(k.schoolId())) {
            errors.add(messages.error("schoolId", "error.school.unknown"));
        } else if (k.classId() == null && !guard.scope.sees(k.schoolId(), null)) {
            errors.add(messages.error("classId", "error.required"));
        } else if (k.classId() != null && !guard.scope.sees(k.schoolId(), k.classId())) {
            errors.add(messages.error("classId", "error.class.unknown"));
        } else if (k.classId() != null) {
            Optional<SchoolClass> klass = SchoolServiceImpl.findClass(c, k.classId());
            if (klass.isEmpty()) {
                errors.add(messages.error("classId", "error.class.unknown"));
            } else if (klass.get().schoolId() != k.schoolId()) {
                errors.add(messages.error("classId", "error.class.otherSchool"));
            }
        }
        if (k.idNumber() != null
                && Jdbc.count(c, "SELECT COUNT(*) FROM core_child WHERE id_number = ? AND id <> ?", k.idNumber(), exceptId) > 0) {
            errors.add(messages.error("idNumber", "error.idNumber.duplicate"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Stored values where the client sent back their masked form unchanged. */
    private static Child unmasked(Child k, Child old) {
        return k.toBuilder().idNumber(Masker.keep("idNumber", k.idNumber(), old.idNumber()))
                .studentNumber(Masker.keep("studentNumber", k.studentNumber(), old.studentNumber()))
                .homeAddress(Masker.keep("homeAddress", k.homeAddress(), old.homeAddress()))
                .healthNote(Masker.keep("healthNote", k.healthNote(), old.healthNote()))
                .hukouPlace(Masker.keep("hukouPlace", k.hukouPlace(), old.hukouPlace())).build();
    }

    private static Child clean(Child k) {
        return k.toBuilder().name(Texts.clean(k.name())).idNumber(Texts.idNumber(k.idNumber()))
                .studentNumber(Texts.clean(k.studentNumber())).ethnicity(Texts.clean(k.ethnicity()))
                .homeAddress(Texts.clean(k.homeAddress())).village(Texts.clean(k.village()))
                .healthNote(Texts.clean(k.healthNote())).hobbies(Texts.clean(k.hobbies()))
                .hukouPlace(Texts.clean(k.hukouPlace())).villageContact(Texts.clean(k.villageContact()))
                .createdAt(null).updatedAt(null).build();
    }

    private static String flags(Set<? extends Enum<?>> flags) {
        return flags.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static <E extends Enum<E>> Set<E> names(String text, Class<E> type) {
        return text == null || text.isEmpty() ? Set.of()
                : Arrays.stream(text.split(",")).map(n -> Enum.valueOf(type, n))
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(type)));
    }

    public static Optional<Child> find(Connection c, long id) throws SQLException {
        return Jdbc.one(c, "SELECT * FROM core_child WHERE id = ?", ChildServiceImpl::child, id);
    }

    static Child child(ResultSet rs) throws SQLException {
        Set<ChildFlag> flags = names(rs.getString("flags"), ChildFlag.class);
        Object registered = rs.getObject("hukou_registered");
        return new Child(rs.getLong("id"), rs.getLong("version"), rs.getString("name"),
                Jdbc.enumOrNull(rs, "gender", Gender.class), Jdbc.date(rs, "birth_date"), rs.getString("id_number"),
                rs.getString("student_number"), rs.getString("ethnicity"), rs.getLong("school_id"),
                Jdbc.longOrNull(rs, "class_id"), Jdbc.enumOrNull(rs, "boarding", BoardingType.class),
                rs.getString("home_address"), rs.getString("village"),
                Jdbc.enumOrNull(rs, "left_behind_type", LeftBehindType.class), Jdbc.date(rs, "left_behind_since"),
                rs.getBoolean("unattended"), rs.getString("health_note"), rs.getString("hobbies"), flags,
                rs.getBoolean("archived"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"),
                registered == null ? null : rs.getBoolean("hukou_registered"), rs.getString("hukou_place"),
                Jdbc.enumOrNull(rs, "health_status", HealthStatus.class), Jdbc.enumOrNull(rs, "schooling", Schooling.class),
                names(rs.getString("income_sources"), IncomeSource.class), names(rs.getString("assistance"), Assistance.class),
                Jdbc.enumOrNull(rs, "guardianship_type", GuardianshipType.class), rs.getString("village_contact"));
    }
}
