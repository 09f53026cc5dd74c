package org.guanai.core.registry.internal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.CallerContext;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.RegistryEvents;
import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.registry.RosterReader.Cell;
import org.guanai.core.registry.internal.registry.RosterReader.Format;
import org.guanai.core.registry.internal.registry.RosterSheet.Problem;
import org.guanai.core.registry.internal.registry.RosterSheet.RosterRow;
import org.guanai.core.registry.internal.security.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Roster imports (学籍 export in): an uploaded file is read twice, streaming. The first pass checks every row with the
 * registry's rules and collects every error; a file with any error is {@code REJECTED} and nothing is stored. The
 * second pass writes in one transaction (classes that are missing, new children with their parents and guardian in
 * JDBC batches, changed fields of matched children with their history), committed for a real import ({@code DONE}) and
 * rolled back for a dry run ({@code VALIDATED}, with the same counts). The state is in {@code core_roster_import}, so
 * every node answers the status; an import whose node stopped refreshing it for {@link #STALE} is {@code FAILED}.
 */
@Component(service = RosterImports.class)
public final class RosterImports {
    /** Permission to import a roster into a school (school and county administrators by default). */
    public static final String PERMISSION = org.guanai.core.registry.internal.security.RolePermissions.REGISTRY_IMPORT;
    /** The largest file accepted (bytes): a 100,000-row 学籍 export is about 10 MiB as xlsx, 25 MiB as CSV. */
    public static final long MAX_FILE = 64L << 20;
    /** An import whose node has not refreshed it for this long has failed (the node stopped). */
    static final Duration STALE = Duration.ofMinutes(2);
    /** How often the running node refreshes the import's row (progress and heartbeat). */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** At most this many errors are kept in the status document; a warning says how many more there were. */
    static final int MAX_ERRORS = 5000;
    static final int BATCH = 500;

    public static final String RUNNING = "RUNNING";
    public static final String VALIDATED = "VALIDATED";
    public static final String DONE = "DONE";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";

    private static final Logger LOG = LoggerFactory.getLogger(RosterImports.class);

    private final Jdbc jdbc;
    private final Messages messages = new Messages();
    private final RosterValues values = new RosterValues();
    private final ObjectMapper mapper = new ObjectMapper();
    private final CurrentActor actor;
    private final Scope scope;
    private final AuditLog audit;
    private final RegistryEventPoster events;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "guanai-roster-import");
        t.setDaemon(true);
        return t;
    });

    /** @param migrator referenced so that the core schema is migrated before imports start */
    @Activate
    public RosterImports(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CurrentActor actor, @Reference CallerContext callers,
            @Reference AuditLog audit, @Reference EventAdmin eventAdmin) {
        this(dataSource, actor, callers, audit, eventAdmin, Clock.systemDefaultZone());
    }

    public RosterImports(DataSource dataSource, CurrentActor actor, CallerContext callers, AuditLog audit, EventAdmin eventAdmin,
            Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.actor = actor;
        this.scope = new Scope(callers);
        this.audit = audit;
        this.events = new RegistryEventPoster(eventAdmin);
        this.clock = clock;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }

    /**
     * Starts an import of {@code file} (which this component then owns and removes when done) into a school the caller
     * reaches; audited (who, file name).
     *
     * @return the import's id
     * @throws NotFoundException the school does not exist or is out of reach
     */
    public long start(long schoolId, boolean dryRun, String fileName, Path file, Format format) {
        try {
            scope.require(PERMISSION);
            if (!scope.reaches(schoolId)) {
                throw new NotFoundException("school", schoolId);
            }
            String who = actor.get();
            Instant now = clock.instant();
            long id = jdbc.tx(c -> {
                SchoolServiceImpl.requireSchool(c, schoolId);
                return Jdbc.insert(c, "INSERT INTO core_roster_import (school_id, status, dry_run, file_name, actor, node,"
                        + " created_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", schoolId, RUNNING, dryRun,
                        fileName == null ? null : fileName.length() > 255 ? fileName.substring(0, 255) : fileName, who, node,
                        now, now);
            });
            try {
                audit.record(AuditLog.Event.of(AUDIT_ACTION, "roster_import", id).school(schoolId).outcome(AuditLog.OK)
                        .detail("start file=" + fileName + " dryRun=" + dryRun));
            } catch (RuntimeException e) {
                // not audited (the audit log is unavailable): not run either
                jdbc.tx(c -> Jdbc.update(c, "UPDATE core_roster_import SET status = ?, finished_at = ? WHERE id = ?", FAILED,
                        clock.instant(), id));
                throw e;
            }
            workers.execute(() -> {
                String previous = actor.enter(who);
                try {
                    run(id, schoolId, dryRun, fileName, file, format);
                } finally {
                    actor.restore(previous);
                    delete(file);
                }
            });
            return id;
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    static final String AUDIT_ACTION = "IMPORT";

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the uploaded roster {}", file, e);
        }
    }

    /** @return the status document of an import the caller reaches (one out of reach is absent) */
    public Optional<ObjectNode> status(long id) {
        Optional<ObjectNode> doc = jdbc.read(c -> Jdbc.one(c, "SELECT * FROM core_roster_import WHERE id = ?", this::row, id));
        if (doc.isEmpty() || !scope.reaches(doc.get().get("schoolId").asLong())) {
            return Optional.empty();
        }
        ObjectNode d = doc.get();
        if (RUNNING.equals(d.get("status").asText())
                && Instant.parse(d.get("heartbeatAt").asText()).isBefore(clock.instant().minus(STALE))) {
            // its node stopped: its transaction never committed; say so once, in the database
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_roster_import SET status = ?, finished_at = ? WHERE id = ? AND status = ?",
                    FAILED, clock.instant(), id, RUNNING));
            return status(id);
        }
        d.remove(List.of("schoolId", "heartbeatAt"));
        return Optional.of(d);
    }

    private ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode d = mapper.createObjectNode();
        d.put("id", rs.getLong("id"));
        d.put("status", rs.getString("status"));
        d.put("dryRun", rs.getBoolean("dry_run"));
        d.put("total", rs.getInt("total"));
        d.put("processed", rs.getInt("processed"));
        d.put("created", rs.getInt("created"));
        d.put("updated", rs.getInt("updated"));
        d.put("unchanged", rs.getInt("unchanged"));
        String result = rs.getString("result");
        ObjectNode r;
        try {
            r = result == null ? mapper.createObjectNode() : (ObjectNode) mapper.readTree(result);
        } catch (IOException e) {
            throw new SQLException("unreadable import result", e);
        }
        d.set("classesCreated", r.has("classesCreated") ? r.get("classesCreated") : mapper.createArrayNode());
        d.set("errors", r.has("errors") ? r.get("errors") : mapper.createArrayNode());
        d.set("warnings", r.has("warnings") ? r.get("warnings") : mapper.createArrayNode());
        d.put("schoolId", rs.getLong("school_id"));
        d.put("heartbeatAt", Jdbc.instant(rs, "heartbeat_at").toString());
        return d;
    }

    // ---- running an import

    /** What an import found and did. */
    private static final class Outcome {
        final List<Problem> problems = new ArrayList<>();
        int moreProblems;
        List<RosterSheet.Warning> warnings = List.of();
        final List<String> classesCreated = new ArrayList<>();
        int total;
        int processed;
        int created;
        int updated;
        int unchanged;
        Instant beat = Instant.EPOCH;
        /** The registry events of the changes, sent once they are committed. */
        final List<Announcement> announcements = new ArrayList<>();
    }

    /** A registry event of an import's change (as the registry's services post them). */
    private record Announcement(String topic, String entity, long id, Long childId, Long schoolId, long version,
            List<History.Change> changes) {
    }

    /** Thrown inside the writing transaction of a dry run, to roll it back with its counts. */
    private static final class DryRunDone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DryRunDone() {
            super(null, null, false, false);
        }
    }

    void run(long id, long schoolId, boolean dryRun, String fileName, Path file, Format format) {
        Outcome out = new Outcome();
        String status;
        try {
            LocalDate today = LocalDate.now(clock);
            Existing existing = jdbc.read(c -> existing(c, schoolId));
            check(id, schoolId, file, format, today, existing, out);
            if (!out.problems.isEmpty()) {
                status = REJECTED;
            } else {
                out.classesCreated.addAll(existing.missingClasses());
                try {
                    write(id, schoolId, dryRun, file, format, today, existing.classes.keySet(), out);
                    announce(out);
                    status = DONE;
                } catch (DryRunDone e) {
                    status = VALIDATED;
                }
            }
        } catch (IOException e) {
            LOG.info("Roster import {}: file {} could not be read: {}", id, fileName, e.toString());
            out.problems.add(new Problem(0, null, "file", fileName, messages.zh("import.file.unreadable"),
                    messages.en("import.file.unreadable")));
            status = REJECTED;
        } catch (RuntimeException | Error e) {
            LOG.error("Roster import {} of {} failed", id, fileName, e);
            status = FAILED;
        }
        delete(file); // before the status says it ended
        finish(id, schoolId, status, out, fileName);
    }

    /**
     * Tells the programmes what a committed import changed, with the registry's own events, before the status says
     * {@code DONE}; sent one by one on this thread so that a 100,000-row import does not queue 100,000 events at once.
     */
    private void announce(Outcome out) {
        String who = actor.get();
        try {
            for (Announcement a : out.announcements) {
                events.send(a.topic(), a.entity(), a.id(), a.childId(), a.schoolId(), a.version(), who, a.changes());
            }
        } catch (RuntimeException e) {
            // the import is committed: it is DONE whatever Event Admin does
            LOG.warn("Roster import: the registry events could not all be sent", e);
        }
        out.announcements.clear();
    }

    private void beat(long id, Outcome out, boolean force) {
        Instant now = clock.instant();
        if (!force && now.isBefore(out.beat.plus(HEARTBEAT))) {
            return;
        }
        out.beat = now;
        jdbc.tx(c -> Jdbc.update(c, "UPDATE core_roster_import SET heartbeat_at = ?, total = ?, processed = ? WHERE id = ?"
                + " AND status = ?", now, out.total, out.processed, id, RUNNING));
    }

    private void finish(long id, long schoolId, String status, Outcome out, String fileName) {
        ObjectNode result = mapper.createObjectNode();
        ArrayNode classes = result.putArray("classesCreated");
        out.classesCreated.forEach(classes::add);
        ArrayNode errors = result.putArray("errors");
        for (Problem p : out.problems) {
            ObjectNode e = errors.addObject();
            e.put("row", p.row());
            e.put("column", p.column());
            e.put("field", p.field());
            e.put("value", p.value());
            e.put("message_zh", p.messageZh());
            e.put("message_en", p.messageEn());
        }
        ArrayNode warnings = result.putArray("warnings");
        for (RosterSheet.Warning w : out.warnings) {
            ObjectNode o = warnings.addObject();
            o.put("column", w.column());
            o.put("message_zh", w.messageZh());
            o.put("message_en", w.messageEn());
        }
        if (out.moreProblems > 0) {
            ObjectNode o = warnings.addObject();
            o.putNull("column");
            o.put("message_zh", messages.zh("import.errors.more", out.moreProblems, MAX_ERRORS));
            o.put("message_en", messages.en("import.errors.more", out.moreProblems, MAX_ERRORS));
        }
        boolean counts = DONE.equals(status) || VALIDATED.equals(status);
        Instant now = clock.instant();
        jdbc.tx(c -> Jdbc.update(c, "UPDATE core_roster_import SET status = ?, total = ?, processed = ?, created = ?, updated = ?,"
                + " unchanged = ?, result = ?, heartbeat_at = ?, finished_at = ? WHERE id = ? AND status = ?", status, out.total,
                counts ? out.total : out.processed, counts ? out.created : 0, counts ? out.updated : 0,
                counts ? out.unchanged : 0, result.toString(), now, now, id, RUNNING));
        audit.record(AuditLog.Event.of(AUDIT_ACTION, "roster_import", id).school(schoolId)
                .outcome(DONE.equals(status) || VALIDATED.equals(status) ? AuditLog.OK
                        : REJECTED.equals(status) ? AuditLog.REFUSED : AuditLog.FAILED)
                .detail(status + " file=" + fileName + " rows=" + out.total + " created=" + (counts ? out.created : 0)
                        + " updated=" + (counts ? out.updated : 0) + " unchanged=" + (counts ? out.unchanged : 0)
                        + " errors=" + (out.problems.size() + out.moreProblems)));
    }

    private void problem(Outcome out, Problem p) {
        if (out.problems.size() < MAX_ERRORS) {
            out.problems.add(p);
        } else {
            out.moreProblems++;
        }
    }

    /** First pass: every row read and checked, duplicates within the file and against the registry found. */
    private void check(long id, long schoolId, Path file, Format format, LocalDate today, Existing existing,
            Outcome out) throws IOException {
        RosterSheet sheet = new RosterSheet(messages, values, schoolId, today);
        Map<String, Integer> idRows = new HashMap<>();
        Map<String, Integer> numberRows = new HashMap<>();
        List<Problem> rowProblems = new ArrayList<>();
        RosterReader.read(file, format, (number, cells) -> {
            if (!sheet.hasHeader()) {
                if (sheet.header(number, cells, rowProblems)) {
                    rowProblems.forEach(p -> problem(out, p));
                    rowProblems.clear();
                }
                return sheet.hasHeader() || number < RosterSheet.HEADER_SEARCH_ROWS;
            }
            if (RosterSheet.skipped(cells)) {
                return true;
            }
            out.total++;
            out.processed++;
            RosterRow r = sheet.row(number, cells, rowProblems);
            rowProblems.forEach(p -> problem(out, p));
            rowProblems.clear();
            if (r != null) {
                duplicates(sheet, r, idRows, numberRows, existing, schoolId, out);
                existing.needClass(r);
            }
            beat(id, out, false);
            return true;
        });
        if (!sheet.hasHeader()) {
            problem(out, new Problem(0, null, "file", null, messages.zh("import.header.notFound", RosterSheet.HEADER_SEARCH_ROWS),
                    messages.en("import.header.notFound", RosterSheet.HEADER_SEARCH_ROWS)));
        } else if (out.total == 0 && out.problems.isEmpty()) {
            problem(out, new Problem(sheet.headerRow(), null, "file", null, messages.zh("import.file.noRows"),
                    messages.en("import.file.noRows")));
        }
        out.warnings = sheet.warnings();
        out.processed = 0;
        beat(id, out, true);
    }

    private void duplicates(RosterSheet sheet, RosterRow r, Map<String, Integer> idRows, Map<String, Integer> numberRows, Existing existing,
            long schoolId, Outcome out) {
        Child k = r.child();
        if (k.idNumber() != null) {
            Integer first = idRows.putIfAbsent(k.idNumber(), r.row());
            if (first != null) {
                problem(out, dup(sheet, r.row(), RosterColumn.ID_NUMBER, k.idNumber(),
                        "import.row.duplicateInFile", first));
            } else {
                Existing.Known known = existing.byIdNumber.get(k.idNumber());
                if (known != null && known.schoolId != schoolId) {
                    problem(out, dup(sheet, r.row(), RosterColumn.ID_NUMBER, k.idNumber(), "import.row.otherSchool"));
                } else if (known != null && known.archived) {
                    problem(out, dup(sheet, r.row(), RosterColumn.ID_NUMBER, k.idNumber(), "import.row.archived"));
                }
            }
        }
        if (k.studentNumber() != null) {
            Integer first = numberRows.putIfAbsent(k.studentNumber(), r.row());
            if (first != null) {
                problem(out, dup(sheet, r.row(), RosterColumn.STUDENT_NUMBER, k.studentNumber(), "import.row.duplicateInFile",
                        first));
            } else if (k.idNumber() == null) {
                Existing.Known known = existing.byStudentNumber.get(k.studentNumber());
                if (known != null && known.archived) {
                    problem(out, dup(sheet, r.row(), RosterColumn.STUDENT_NUMBER, k.studentNumber(), "import.row.archived"));
                }
            }
        }
    }

    private Problem dup(RosterSheet sheet, int row, RosterColumn col, String value, String key, Object... args) {
        return new Problem(row, sheet.column(col), col.field(), value, messages.zh(key, args),
                messages.en(key, args));
    }

    // ---- what the registry holds

    /** The school's classes and the children an import may match, read once before the first pass. */
    private static final class Existing {
        record Known(long id, long schoolId, boolean archived) {
        }

        final Map<String, Known> byIdNumber = new HashMap<>();
        final Map<String, Known> byStudentNumber = new HashMap<>();
        /** name + birth date → child of the school: rows without ID number and 学籍号 match by these. */
        final Map<String, Known> byNameAndBirth = new HashMap<>();
        /** (grade, number) → class id; {@code null} id: to be created. */
        final Map<List<Integer>, Long> classes = new LinkedHashMap<>();

        void needClass(RosterRow r) {
            if (r.grade() != null && r.classNumber() != null) {
                classes.putIfAbsent(List.of(r.grade(), r.classNumber()), null);
            }
        }

        List<String> missingClasses() {
            List<String> names = new ArrayList<>();
            classes.forEach((k, v) -> {
                if (v == null) {
                    names.add(RosterValues.className(k.get(0), k.get(1)));
                }
            });
            return names;
        }
    }

    private Existing existing(Connection c, long schoolId) throws SQLException {
        Existing e = new Existing();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, school_id, archived, id_number FROM core_child"
                + " WHERE id_number IS NOT NULL")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    e.byIdNumber.put(rs.getString(4), new Existing.Known(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)));
                }
            }
        }
        for (Object[] k : Jdbc.list(c, "SELECT id, archived, student_number FROM core_child WHERE school_id = ?"
                + " AND student_number IS NOT NULL", rs -> new Object[] { rs.getLong(1), rs.getBoolean(2), rs.getString(3) },
                schoolId)) {
            e.byStudentNumber.put((String) k[2], new Existing.Known((Long) k[0], schoolId, (Boolean) k[1]));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, archived, name, birth_date FROM core_child WHERE school_id = ?")) {
            ps.setLong(1, schoolId);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    e.byNameAndBirth.put(rs.getString(3) + "|" + Jdbc.date(rs, "birth_date"),
                            new Existing.Known(rs.getLong(1), schoolId, rs.getBoolean(2)));
                }
            }
        }
        for (var k : Jdbc.list(c, "SELECT * FROM core_class WHERE school_id = ? ORDER BY id", SchoolServiceImpl::schoolClass,
                schoolId)) {
            try {
                RosterValues.ClassRef ref = RosterValues.klass(new Cell(k.name(), null, false));
                e.classes.putIfAbsent(List.of(ref.grade() != null ? ref.grade() : k.gradeLevel(), ref.number()), k.id());
            } catch (RosterValues.Invalid ignored) {
                // a class named otherwise (兴趣班): never matched by an import
            }
        }
        return e;
    }

    // ---- second pass: writing

    private static final String INSERT_CHILD = "INSERT INTO core_child (version, name, gender, birth_date, id_number,"
            + " student_number, ethnicity, school_id, class_id, boarding, home_address, village, left_behind_type, unattended,"
            + " flags, archived, created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, '', FALSE, ?, ?)";
    private static final String INSERT_PARENT = "INSERT INTO core_parent (version, child_id, role, name, phone, away, work_city,"
            + " guardianship_capacity, deceased, created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, ?, TRUE, FALSE, ?, ?)";
    private static final String INSERT_GUARDIAN = "INSERT INTO core_guardian (version, child_id, kind, name, relation, phone,"
            + " is_primary, created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, TRUE, ?, ?)";
    private static final String INSERT_HISTORY = "INSERT INTO core_history (entity_type, entity_id, child_id, action, field,"
            + " old_value, new_value, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private void write(long id, long schoolId, boolean dryRun, Path file, Format format, LocalDate today,
            java.util.Set<List<Integer>> classesNeeded, Outcome out) throws IOException {
        String who = actor.get();
        Instant now = clock.instant();
        jdbc.tx(c -> {
            Existing existing = existing(c, schoolId);
            classesNeeded.forEach(k -> existing.classes.putIfAbsent(k, null));
            for (Map.Entry<List<Integer>, Long> k : existing.classes.entrySet()) {
                if (k.getValue() == null) {
                    String name = RosterValues.className(k.getKey().get(0), k.getKey().get(1));
                    long classId = Jdbc.insert(c, "INSERT INTO core_class (version, school_id, grade_level, name, created_at,"
                            + " updated_at) VALUES (0, ?, ?, ?, ?, ?)", schoolId, k.getKey().get(0), name, now, now);
                    History.record(c, "class", classId, null, History.CREATED, who, now,
                            List.of(new History.Change("name", null, name)));
                    out.announcements.add(new Announcement(RegistryEvents.CLASS_CREATED, "class", classId, null, schoolId, 0, null));
                    k.setValue(classId);
                }
            }
            RosterSheet sheet = new RosterSheet(messages, values, schoolId, today);
            List<Problem> ignored = new ArrayList<>();
            List<RosterRow> batch = new ArrayList<>(BATCH);
            try {
                RosterReader.read(file, format, (number, cells) -> {
                    try {
                        if (!sheet.hasHeader()) {
                            sheet.header(number, cells, ignored);
                            return sheet.hasHeader() || number < RosterSheet.HEADER_SEARCH_ROWS;
                        }
                        if (RosterSheet.skipped(cells)) {
                            return true;
                        }
                        RosterRow r = sheet.row(number, cells, ignored);
                        if (r == null) {
                            throw new IllegalStateException("row " + number + " changed between the two readings");
                        }
                        Existing.Known known = r.child().idNumber() != null ? existing.byIdNumber.get(r.child().idNumber())
                                : r.child().studentNumber() != null ? existing.byStudentNumber.get(r.child().studentNumber())
                                        : existing.byNameAndBirth.get(r.child().name() + "|" + r.child().birthDate());
                        Long classId = r.grade() == null ? null : existing.classes.get(List.of(r.grade(), r.classNumber()));
                        if (known != null && known.archived()) {
                            known = null; // only a match by name and birth date can be archived (the first pass refuses the others)
                        }
                        if (known != null && known.schoolId() != schoolId) {
                            throw new IllegalStateException("row " + number + " matches a child of another school");
                        }
                        if (known != null) {
                            if (update(c, known.id(), r, classId, who, now, out.announcements)) {
                                out.updated++;
                            } else {
                                out.unchanged++;
                            }
                        } else {
                            batch.add(new RosterRow(r.row(), r.child().toBuilder().classId(classId).build(), r.grade(),
                                    r.classNumber(), r.father(), r.mother(), r.guardian()));
                            if (batch.size() == BATCH) {
                                insert(c, batch, who, now, out.announcements);
                                out.created += batch.size();
                                batch.clear();
                            }
                        }
                        out.processed++;
                        beat(id, out, false);
                        return true;
                    } catch (SQLException e) {
                        throw new Jdbc.DataAccessException(e);
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!batch.isEmpty()) {
                insert(c, batch, who, now, out.announcements);
                out.created += batch.size();
            }
            if (dryRun) {
                throw new DryRunDone();
            }
            return null;
        });
    }

    /**
     * Inserts new children with their parents and guardian, in JDBC batches; one history row per child; one event per
     * child ({@code child/CREATED} stands for the parents and guardian created with it).
     */
    private void insert(Connection c, List<RosterRow> rows, String who, Instant now, List<Announcement> announcements)
            throws SQLException {
        long[] ids = new long[rows.size()];
        try (PreparedStatement ps = c.prepareStatement(INSERT_CHILD, new String[] { "id" })) {
            for (RosterRow r : rows) {
                Child k = r.child();
                Jdbc.bind(ps, k.name(), k.gender(), k.birthDate(), k.idNumber(), k.studentNumber(), k.ethnicity(), k.schoolId(),
                        k.classId(), k.boarding(), k.homeAddress(), k.village(), k.leftBehindType(), now, now);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("fewer generated keys than children inserted");
                    }
                    ids[i] = keys.getLong(1);
                    announcements.add(new Announcement(RegistryEvents.CHILD_CREATED, "child", ids[i], ids[i], rows.get(i).child()
                            .schoolId(), 0, null));
                }
            }
        }
        try (PreparedStatement parents = c.prepareStatement(INSERT_PARENT);
                PreparedStatement guardians = c.prepareStatement(INSERT_GUARDIAN);
                PreparedStatement history = c.prepareStatement(INSERT_HISTORY)) {
            for (int i = 0; i < ids.length; i++) {
                RosterRow r = rows.get(i);
                for (Parent p : new Parent[] { r.father(), r.mother() }) {
                    if (p != null) {
                        Jdbc.bind(parents, ids[i], p.role(), p.name(), p.phone(), p.away(), p.workCity(), now, now);
                        parents.addBatch();
                    }
                }
                Guardian g = r.guardian();
                if (g != null) {
                    Jdbc.bind(guardians, ids[i], g.kind(), g.name(), g.relation(), g.phone(), now, now);
                    guardians.addBatch();
                }
                // the child's creation, with the row it came from (the parents' and guardian's rows are part of it)
                Jdbc.bind(history, "child", ids[i], ids[i], History.CREATED, "import", null, "row " + r.row(), who, now);
                history.addBatch();
            }
            parents.executeBatch();
            guardians.executeBatch();
            history.executeBatch();
        }
    }

    /** Updates the fields a row gives of a matched child, parents and guardian; @return whether anything changed */
    private boolean update(Connection c, long childId, RosterRow r, Long classId, String who, Instant now,
            List<Announcement> announcements) throws SQLException {
        boolean changed = false;
        Child old = ChildServiceImpl.find(c, childId).orElseThrow();
        Child k = r.child();
        Child merged = old.toBuilder().name(k.name()).gender(k.gender()).birthDate(k.birthDate())
                .idNumber(or(k.idNumber(), old.idNumber())).studentNumber(or(k.studentNumber(), old.studentNumber()))
                .ethnicity(or(k.ethnicity(), old.ethnicity())).classId(classId != null ? classId : old.classId())
                .boarding(or(k.boarding(), old.boarding())).homeAddress(or(k.homeAddress(), old.homeAddress()))
                .village(or(k.village(), old.village())).leftBehindType(k.leftBehindType()).build();
        List<History.Change> changes = History.diff(old, merged);
        if (!changes.isEmpty()) {
            Jdbc.update(c, "UPDATE core_child SET version = version + 1, name = ?, gender = ?, birth_date = ?, id_number = ?,"
                    + " student_number = ?, ethnicity = ?, class_id = ?, boarding = ?, home_address = ?, village = ?,"
                    + " left_behind_type = ?, updated_at = ? WHERE id = ?", merged.name(), merged.gender(), merged.birthDate(),
                    merged.idNumber(), merged.studentNumber(), merged.ethnicity(), merged.classId(), merged.boarding(),
                    merged.homeAddress(), merged.village(), merged.leftBehindType(), now, childId);
            History.record(c, "child", childId, childId, History.UPDATED, who, now, changes);
            announcements.add(new Announcement(RegistryEvents.CHILD_UPDATED, "child", childId, childId, old.schoolId(),
                    old.version() + 1, changes));
            changed = true;
        }
        List<Parent> parents = GuardianServiceImpl.parents(c, childId);
        for (Parent p : new Parent[] { r.father(), r.mother() }) {
            if (p != null) {
                changed |= parent(c, childId, p, parents.stream().filter(x -> x.role() == p.role()).findFirst(), who, now,
                        announcements);
            }
        }
        if (r.guardian() != null) {
            changed |= guardian(c, childId, r.guardian(), GuardianServiceImpl.guardians(c, childId), who, now, announcements);
        }
        return changed;
    }

    private boolean parent(Connection c, long childId, Parent in, Optional<Parent> existing, String who, Instant now,
            List<Announcement> announcements) throws SQLException {
        if (existing.isEmpty()) {
            long pid = Jdbc.insert(c, INSERT_PARENT, childId, in.role(), in.name(), in.phone(), in.away(), in.workCity(), now, now);
            History.record(c, "parent", pid, childId, History.CREATED, who, now, History.created(in.toBuilder().childId(childId).build()));
            announcements.add(new Announcement(RegistryEvents.PARENT_CREATED, "parent", pid, childId, null, 0, null));
            return true;
        }
        Parent old = existing.get();
        Parent merged = old.toBuilder().name(or(in.name(), old.name())).phone(or(in.phone(), old.phone()))
                .workCity(or(in.workCity(), old.workCity())).away(in.away()).build();
        List<History.Change> changes = History.diff(old, merged);
        if (changes.isEmpty()) {
            return false;
        }
        Jdbc.update(c, "UPDATE core_parent SET version = version + 1, name = ?, phone = ?, work_city = ?, away = ?, updated_at = ?"
                + " WHERE id = ?", merged.name(), merged.phone(), merged.workCity(), merged.away(), now, old.id());
        History.record(c, "parent", old.id(), childId, History.UPDATED, who, now, changes);
        announcements.add(new Announcement(RegistryEvents.PARENT_UPDATED, "parent", old.id(), childId, null, old.version() + 1,
                changes));
        return true;
    }

    private boolean guardian(Connection c, long childId, Guardian in, List<Guardian> guardians, String who, Instant now,
            List<Announcement> announcements) throws SQLException {
        Optional<Guardian> existing = guardians.stream().filter(g -> g.name().equals(in.name())).findFirst()
                .or(() -> guardians.stream().filter(Guardian::primary).findFirst());
        if (existing.isEmpty()) {
            long gid = Jdbc.insert(c, INSERT_GUARDIAN, childId, in.kind(), in.name(), in.relation(), in.phone(), now, now);
            History.record(c, "guardian", gid, childId, History.CREATED, who, now,
                    History.created(in.toBuilder().childId(childId).build()));
            announcements.add(new Announcement(RegistryEvents.GUARDIAN_CREATED, "guardian", gid, childId, null, 0, null));
            return true;
        }
        Guardian old = existing.get();
        Guardian merged = old.toBuilder().name(or(in.name(), old.name())).phone(or(in.phone(), old.phone()))
                .relation(or(in.relation(), old.relation()))
                // the kind follows a new relation; the same relation keeps the stored kind (委托监护 "邻居" is not 其他)
                .kind(in.relation() != null && !in.relation().equals(old.relation()) ? in.kind() : old.kind()).build();
        List<History.Change> changes = History.diff(old, merged);
        if (changes.isEmpty()) {
            return false;
        }
        Jdbc.update(c, "UPDATE core_guardian SET version = version + 1, name = ?, phone = ?, relation = ?, kind = ?, updated_at = ?"
                + " WHERE id = ?", merged.name(), merged.phone(), merged.relation(), merged.kind(), now, old.id());
        History.record(c, "guardian", old.id(), childId, History.UPDATED, who, now, changes);
        announcements.add(new Announcement(RegistryEvents.GUARDIAN_UPDATED, "guardian", old.id(), childId, null,
                old.version() + 1, changes));
        return true;
    }

    private static <T> T or(T value, T dflt) {
        return value != null ? value : dflt;
    }

    /** Used by the template route: the headers of the published template, in order. */
    public static List<String> templateHeaders() {
        List<String> h = new ArrayList<>();
        for (RosterColumn c : RosterColumn.values()) {
            if (c.inTemplate()) {
                h.add(c.header());
            }
        }
        return h;
    }

}
