package org.guanai.core.registry.internal.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * Roster imports (学籍 export in): an uploaded file is read once, streaming, inside one transaction. One thread reads
 * and checks every row with the registry's rules and collects every error; the import's worker thread meanwhile writes
 * the checked rows (classes that are missing, new children with their parents and guardian in JDBC batches, changed
 * fields of matched children with their history). The transaction is committed for a real import of a file without
 * errors ({@code DONE}); it is rolled back for a file with any error ({@code REJECTED}: nothing stored) and for a dry run
 * ({@code VALIDATED}, with the same counts). The state is in {@code core_roster_import}, so every node answers the
 * status; an import whose node stopped refreshing it for {@link #STALE} is {@code FAILED}.
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
    /** Rows per chunk handed from the reading thread to the writing one, and per JDBC batch of new children. */
    static final int BATCH = 1000;
    /** The first data rows shown in the status ({@code preview}). */
    static final int PREVIEW_ROWS = 5;
    /** At most this many created children are listed in the status ({@code createdChildren}); {@code created} counts all. */
    static final int LISTED_CHILDREN = 200;

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
    /** Each running import reads and checks its file on one of these while its worker thread writes. */
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "guanai-roster-read");
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

    RosterImports(DataSource dataSource, CurrentActor actor, CallerContext callers, AuditLog audit, EventAdmin eventAdmin,
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
        readers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        readers.awaitTermination(30, TimeUnit.SECONDS);
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
        for (String listed : List.of("columns", "preview", "createdChildren")) {
            d.set(listed, r.has(listed) ? r.get(listed) : mapper.createArrayNode());
        }
        d.put("schoolId", rs.getLong("school_id"));
        d.put("heartbeatAt", Jdbc.instant(rs, "heartbeat_at").toString());
        return d;
    }

    // ---- running an import

    /**
     * What an import found and did. The reading thread owns {@link #problems}, {@link #columns}, {@link #preview} and
     * {@link #warnings} until it has ended; the writing thread owns the counts of what it wrote.
     */
    private static final class Outcome {
        final List<Problem> problems = new ArrayList<>();
        int moreProblems;
        /** No problem so far: rows are still handed to the writer. */
        volatile boolean clean = true;
        List<RosterSheet.Warning> warnings = List.of();
        Map<RosterColumn, String> columns = Map.of();
        final List<Preview> preview = new ArrayList<>();
        final List<String> classesCreated = new ArrayList<>();
        final List<Created> createdChildren = new ArrayList<>();
        /** Data rows read and checked (the reading thread's count). */
        volatile int total;
        /** Rows written (the writing thread's count). */
        int written;
        int created;
        int updated;
        int unchanged;
        Instant beat = Instant.EPOCH;
        /** When the writing ended, before the commit or rollback ({@link System#nanoTime()}). */
        long wrote;
        /** The registry events of the changes, sent once they are committed. */
        final List<Announcement> announcements = new ArrayList<>();

        /** @return the rows done: written while the file is clean, else checked (nothing will be written) */
        int processed() {
            return clean ? written : total;
        }
    }

    /** One of the first rows as the file shows it: its row number and its cells by the column's header as written. */
    private record Preview(int row, Map<String, String> cells) {
    }

    /** A child a committed import created. */
    private record Created(long id, String name) {
    }

    /** A checked row handed to the writer, with the stored child it matches (none: a new child). */
    private record Item(RosterRow row, Existing.Known known) {
    }

    /** A registry event of an import's change (as the registry's services post them). */
    private record Announcement(String topic, String entity, long id, Long childId, Long schoolId, long version,
            List<History.Change> changes) {
    }

    /** Thrown inside the import's transaction to roll it back: a dry run, or a file with errors. */
    private static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rollback() {
            super(null, null, false, false);
        }
    }

    void run(long id, long schoolId, boolean dryRun, String fileName, Path file, Format format) {
        Outcome out = new Outcome();
        String status;
        long started = System.nanoTime();
        try {
            status = pass(id, schoolId, dryRun, file, format, out);
            long committed = System.nanoTime();
            if (DONE.equals(status)) {
                announce(out);
            }
            LOG.info("Roster import {}: {} in {} ms (reading and writing {} ms, then commit or rollback {} ms, events {} ms)", id,
                    status, (System.nanoTime() - started) / 1_000_000, (out.wrote - started) / 1_000_000,
                    (committed - out.wrote) / 1_000_000, (System.nanoTime() - committed) / 1_000_000);
        } catch (IOException e) {
            LOG.info("Roster import {}: file {} could not be read: {}", id, fileName, e.toString());
            problem(out, new Problem(0, null, "file", fileName, messages.zh("import.file.unreadable"),
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
     * The one pass over the file, in one transaction: a thread of {@link #readers} reads and checks every row (all of
     * them, to list every error) and hands the rows in chunks of {@link #BATCH} to this thread, which writes them while
     * the next chunk is read, until the first error; then it only checks. The transaction is committed when the file
     * had no error and this is no dry run, else rolled back: all or nothing.
     *
     * @return {@code DONE}, {@code VALIDATED} (a dry run without errors) or {@code REJECTED}
     * @throws IOException the file cannot be read
     */
    private String pass(long id, long schoolId, boolean dryRun, Path file, Format format, Outcome out) throws IOException {
        String who = actor.get();
        Instant now = clock.instant();
        LocalDate today = LocalDate.now(clock);
        long started = System.nanoTime();
        try {
            jdbc.tx(c -> {
                Existing existing = existing(c, schoolId);
                Writer writer = new Writer(c, schoolId, who, now, existing, out);
                Handoff handoff = new Handoff();
                Future<?> reading = readers.submit(() -> {
                    try {
                        new Check(schoolId, today, existing, out, handoff).read(file, format);
                        return null;
                    } finally {
                        handoff.end();
                    }
                });
                try {
                    for (List<Item> chunk = handoff.take(reading, () -> beat(id, out, false)); chunk != null;
                            chunk = handoff.take(reading, () -> beat(id, out, false))) {
                        writer.write(chunk);
                        beat(id, out, false);
                    }
                    Handoff.result(reading);
                    if (out.clean) {
                        writer.flush();
                    }
                } finally {
                    handoff.cancel();
                    Handoff.await(reading);
                    LOG.info("Roster import {}: {} rows read and checked, {} written in {} ms ({})", id, out.total, out.written,
                            (System.nanoTime() - started) / 1_000_000, handoff.waited());
                }
                out.wrote = System.nanoTime();
                if (dryRun || !out.clean) {
                    throw new Rollback();
                }
                return null;
            });
            return DONE;
        } catch (Rollback e) {
            return out.clean ? VALIDATED : REJECTED;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
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
                + " AND status = ?", now, out.total, out.processed(), id, RUNNING));
    }

    private void finish(long id, long schoolId, String status, Outcome out, String fileName) {
        boolean counts = DONE.equals(status) || VALIDATED.equals(status);
        ObjectNode result = mapper.createObjectNode();
        ArrayNode classes = result.putArray("classesCreated");
        if (counts) {
            out.classesCreated.forEach(classes::add);
        }
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
        ArrayNode columns = result.putArray("columns");
        out.columns.forEach((col, header) -> {
            ObjectNode o = columns.addObject();
            o.put("column", header);
            o.put("field", col.field());
            o.put("label_zh", messages.zh("import.label." + col.field()));
            o.put("label_en", messages.en("import.label." + col.field()));
        });
        ArrayNode preview = result.putArray("preview");
        for (Preview p : out.preview) {
            ObjectNode o = preview.addObject();
            o.put("row", p.row());
            ObjectNode cells = o.putObject("cells");
            p.cells().forEach(cells::put);
        }
        ArrayNode created = result.putArray("createdChildren");
        if (DONE.equals(status)) {
            for (Created k : out.createdChildren) {
                created.addObject().put("id", k.id()).put("name", k.name());
            }
        }
        Instant now = clock.instant();
        // the end and its audit entry in one transaction: whoever sees the import ended finds the entry too
        audit.tx(jdbc, c -> {
            Jdbc.update(c, "UPDATE core_roster_import SET status = ?, total = ?, processed = ?, created = ?, updated = ?,"
                    + " unchanged = ?, result = ?, heartbeat_at = ?, finished_at = ? WHERE id = ? AND status = ?", status, out.total,
                    counts ? out.total : out.processed(), counts ? out.created : 0, counts ? out.updated : 0,
                    counts ? out.unchanged : 0, result.toString(), now, now, id, RUNNING);
            audit.append(c, AuditLog.Event.of(AUDIT_ACTION, "roster_import", id).school(schoolId)
                    .outcome(DONE.equals(status) || VALIDATED.equals(status) ? AuditLog.OK
                            : REJECTED.equals(status) ? AuditLog.REFUSED : AuditLog.FAILED)
                    .detail(status + " file=" + fileName + " rows=" + out.total + " created=" + (counts ? out.created : 0)
                            + " updated=" + (counts ? out.updated : 0) + " unchanged=" + (counts ? out.unchanged : 0)
                            + " errors=" + (out.problems.size() + out.moreProblems)));
            return null;
        });
    }

    private void problem(Outcome out, Problem p) {
        out.clean = false;
        if (out.problems.size() < MAX_ERRORS) {
            out.problems.add(p);
        } else {
            out.moreProblems++;
        }
    }

    // ---- reading and checking

    /**
     * The reading thread's side: finds the header, reads every row and checks it with the registry's rules, finds
     * duplicates within the file and against the registry, keeps the first rows for the preview, and hands the checked
     * rows to the writer in chunks while the file is clean.
     */
    private final class Check implements RosterReader.RowSink {
        private final long schoolId;
        private final Existing existing;
        private final Outcome out;
        private final Handoff handoff;
        private final RosterSheet sheet;
        private final Map<String, Integer> idRows = new HashMap<>();
        private final Map<String, Integer> numberRows = new HashMap<>();
        private final List<Problem> rowProblems = new ArrayList<>();
        private List<Item> chunk = new ArrayList<>(BATCH);

        Check(long schoolId, LocalDate today, Existing existing, Outcome out, Handoff handoff) {
            this.schoolId = schoolId;
            this.existing = existing;
            this.out = out;
            this.handoff = handoff;
            this.sheet = new RosterSheet(messages, values, schoolId, today);
        }

        void read(Path file, Format format) throws IOException {
            RosterReader.read(file, format, this);
            if (!sheet.hasHeader()) {
                problem(out, new Problem(0, null, "file", null, messages.zh("import.header.notFound", RosterSheet.HEADER_SEARCH_ROWS),
                        messages.en("import.header.notFound", RosterSheet.HEADER_SEARCH_ROWS)));
            } else if (out.total == 0 && out.problems.isEmpty()) {
                problem(out, new Problem(sheet.headerRow(), null, "file", null, messages.zh("import.file.noRows"),
                        messages.en("import.file.noRows")));
            }
            out.warnings = sheet.warnings();
            if (out.clean && !chunk.isEmpty()) {
                handoff.put(chunk);
            }
        }

        @Override
        public boolean row(int number, List<Cell> cells) {
            if (handoff.cancelled()) {
                return false;
            }
            if (!sheet.hasHeader()) {
                if (sheet.header(number, cells, rowProblems)) {
                    rowProblems.forEach(p -> problem(out, p));
                    rowProblems.clear();
                    out.columns = sheet.recognised();
                }
                return sheet.hasHeader() || number < RosterSheet.HEADER_SEARCH_ROWS;
            }
            if (RosterSheet.skipped(cells)) {
                return true;
            }
            if (out.preview.size() < PREVIEW_ROWS) {
                out.preview.add(new Preview(number, sheet.shown(cells)));
            }
            RosterRow r = sheet.row(number, cells, rowProblems);
            rowProblems.forEach(p -> problem(out, p));
            rowProblems.clear();
            Existing.Known known = r == null ? null : duplicates(sheet, r, idRows, numberRows, existing, schoolId, out);
            out.total++;
            if (r != null && out.clean) {
                chunk.add(new Item(r, known));
                if (chunk.size() == BATCH) {
                    List<Item> full = chunk;
                    chunk = new ArrayList<>(BATCH);
                    return handoff.put(full);
                }
            }
            return true;
        }
    }

    /**
     * Finds duplicates of a checked row within the file and ID numbers of another school or archived.
     *
     * @return the stored child the row matches: by ID number, else (a row without one) by 学籍号, else (neither) by name
     *         and birth date, an archived one only in the last case and then not at all (a new child)
     */
    private Existing.Known duplicates(RosterSheet sheet, RosterRow r, Map<String, Integer> idRows, Map<String, Integer> numberRows,
            Existing existing, long schoolId, Outcome out) {
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
        Existing.Known known = k.idNumber() != null ? existing.byIdNumber.get(k.idNumber())
                : k.studentNumber() != null ? existing.byStudentNumber.get(k.studentNumber())
                        : existing.byNameAndBirth.get(k.name() + "|" + k.birthDate());
        return known == null || known.archived() ? null : known;
    }

    private Problem dup(RosterSheet sheet, int row, RosterColumn col, String value, String key, Object... args) {
        return new Problem(row, sheet.column(col), col.field(), value, messages.zh(key, args),
                messages.en(key, args));
    }

    /**
     * Chunks of checked rows from the reading thread to the writing one. Bounded: the reading is never more than
     * {@link #QUEUED} chunks ahead of the writing, so memory stays small whatever the file's size.
     */
    private static final class Handoff {
        private static final int QUEUED = 5;
        private final BlockingQueue<List<Item>> queue = new ArrayBlockingQueue<>(QUEUED);
        /** The end of the rows (compared by identity). */
        private final List<Item> end = new ArrayList<>(0);
        private volatile boolean cancelled;
        /** Time the reader waited for room in the queue (the writing is slower) and the writer for a chunk (the reading is). */
        private volatile long readerWaited;
        private long writerWaited;

        boolean cancelled() {
            return cancelled;
        }

        /** Reading side. @return {@code false}: the writer gave up, stop reading */
        boolean put(List<Item> chunk) {
            long start = System.nanoTime();
            try {
                while (!cancelled) {
                    if (queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                readerWaited += System.nanoTime() - start;
            }
            return false;
        }

        void end() {
            put(end);
        }

        /** Writing side: @return the next chunk, {@code null} after the last; runs {@code idle} while it waits */
        List<Item> take(Future<?> reading, Runnable idle) {
            long start = System.nanoTime();
            try {
                while (true) {
                    List<Item> chunk = queue.poll(250, TimeUnit.MILLISECONDS);
                    if (chunk == end || chunk == null && reading.isDone() && queue.isEmpty()) {
                        return null;
                    }
                    if (chunk != null) {
                        return chunk;
                    }
                    idle.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("roster import interrupted", e);
            } finally {
                writerWaited += System.nanoTime() - start;
            }
        }

        /** @return what the two threads waited for each other, for the log */
        String waited() {
            return String.format(java.util.Locale.ROOT, "the writing waited %d ms for rows, the reading %d ms for the writing",
                    writerWaited / 1_000_000, readerWaited / 1_000_000);
        }

        /** The writer stops taking: the reader stops at its next row. */
        void cancel() {
            cancelled = true;
            queue.clear();
        }

        /** Rethrows what made the reading fail (an unreadable file: {@link UncheckedIOException}). */
        static void result(Future<?> reading) {
            try {
                reading.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("roster import interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Waits (at most a minute, interrupts aside) until the reading has stopped, so its file can be removed. */
        static void await(Future<?> reading) {
            boolean interrupted = false;
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!reading.isDone() && System.nanoTime() < until) {
                try {
                    reading.get(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException | TimeoutException e) {
                    break; // ended (its failure is reported by result()) or given up
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- what the registry holds

    /** The school's classes and the children an import may match, read at the start of the import's transaction. */
    private static final class Existing {
        record Known(long id, long schoolId, boolean archived) {
        }

        final Map<String, Known> byIdNumber = new HashMap<>();
        final Map<String, Known> byStudentNumber = new HashMap<>();
        /** name + birth date → child of the school: rows without ID number and 学籍号 match by these. */
        final Map<String, Known> byNameAndBirth = new HashMap<>();
        /** (grade, number) → class id; the writer adds the classes it creates. */
        final Map<List<Integer>, Long> classes = new LinkedHashMap<>();
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

    // ---- writing

    private static final String INSERT_CHILD = "INSERT INTO core_child (version, name, gender, birth_date, id_number,"
            + " student_number, ethnicity, school_id, class_id, boarding, home_address, village, left_behind_type, unattended,"
            + " flags, archived, guardian_kinds, created_at, updated_at)"
            + " VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, '', FALSE, ?, ?, ?)";
    private static final String INSERT_PARENT = "INSERT INTO core_parent (version, child_id, role, name, phone, away, work_city,"
            + " guardianship_capacity, deceased, created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, ?, TRUE, FALSE, ?, ?)";
    private static final String INSERT_GUARDIAN = "INSERT INTO core_guardian (version, child_id, kind, name, relation, phone,"
            + " is_primary, created_at, updated_at) VALUES (0, ?, ?, ?, ?, ?, TRUE, ?, ?)";
    private static final String INSERT_HISTORY = "INSERT INTO core_history (entity_type, entity_id, child_id, action, field,"
            + " old_value, new_value, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * The writing thread's side, inside the import's transaction: the classes a row needs, created on first use; matched
     * children updated (their stored archives read per chunk); new children inserted in JDBC batches of {@link #BATCH}.
     */
    private final class Writer {
        private final Connection c;
        private final long schoolId;
        private final String who;
        private final Instant now;
        private final Existing existing;
        private final Outcome out;
        private final List<RosterRow> pending = new ArrayList<>(BATCH);

        Writer(Connection c, long schoolId, String who, Instant now, Existing existing, Outcome out) {
            this.c = c;
            this.schoolId = schoolId;
            this.who = who;
            this.now = now;
            this.existing = existing;
            this.out = out;
        }

        void write(List<Item> chunk) throws SQLException {
            Stored stored = Stored.of(c, chunk);
            for (Item item : chunk) {
                RosterRow r = item.row();
                Long classId = r.grade() == null || r.classNumber() == null ? null : classId(r.grade(), r.classNumber());
                if (item.known() != null) {
                    if (update(c, item.known().id(), r, classId, who, now, stored, out.announcements)) {
                        out.updated++;
                    } else {
                        out.unchanged++;
                    }
                } else {
                    pending.add(new RosterRow(r.row(), r.child().toBuilder().classId(classId).build(), r.grade(), r.classNumber(),
                            r.father(), r.mother(), r.guardian()));
                    if (pending.size() == BATCH) {
                        flush();
                    }
                }
                out.written++;
            }
        }

        void flush() throws SQLException {
            if (!pending.isEmpty()) {
                insert(c, pending, who, now, out);
                out.created += pending.size();
                pending.clear();
            }
        }

        /** @return the id of the school's class (grade, number), created (one history row, one event) if missing */
        private long classId(int grade, int number) throws SQLException {
            List<Integer> key = List.of(grade, number);
            Long id = existing.classes.get(key);
            if (id == null) {
                String name = RosterValues.className(grade, number);
                id = Jdbc.insert(c, "INSERT INTO core_class (version, school_id, grade_level, name, created_at, updated_at)"
                        + " VALUES (0, ?, ?, ?, ?, ?)", schoolId, grade, name, now, now);
                History.record(c, "class", id, null, History.CREATED, who, now, List.of(new History.Change("name", null, name)));
                out.announcements.add(new Announcement(RegistryEvents.CLASS_CREATED, "class", id, null, schoolId, 0, null));
                out.classesCreated.add(name);
                existing.classes.put(key, id);
            }
            return id;
        }
    }

    /**
     * The stored archives (child, parents, guardians) of a chunk's matched rows, read with three queries rather than
     * three per row. Each is used once: a child matched twice in a chunk (two rows of the same name and birth date) is
     * read again after its first update.
     */
    private static final class Stored {
        private final Set<Long> unused = new HashSet<>();
        private final Map<Long, Child> children = new HashMap<>();
        private final Map<Long, List<Parent>> parents = new HashMap<>();
        private final Map<Long, List<Guardian>> guardians = new HashMap<>();

        static Stored of(Connection c, List<Item> chunk) throws SQLException {
            Stored s = new Stored();
            for (Item item : chunk) {
                if (item.known() != null) {
                    s.unused.add(item.known().id());
                }
            }
            if (s.unused.isEmpty()) {
                return s;
            }
            Object[] ids = s.unused.toArray();
            String in = " IN (" + "?, ".repeat(ids.length - 1) + "?)";
            for (Child k : Jdbc.list(c, "SELECT * FROM core_child WHERE id" + in, ChildServiceImpl::child, ids)) {
                s.children.put(k.id(), k);
            }
            for (Parent p : Jdbc.list(c, "SELECT * FROM core_parent WHERE child_id" + in + " ORDER BY child_id, role, id",
                    GuardianServiceImpl::parent, ids)) {
                s.parents.computeIfAbsent(p.childId(), x -> new ArrayList<>()).add(p);
            }
            for (Guardian g : Jdbc.list(c, "SELECT * FROM core_guardian WHERE child_id" + in
                    + " ORDER BY child_id, is_primary DESC, id", GuardianServiceImpl::guardian, ids)) {
                s.guardians.computeIfAbsent(g.childId(), x -> new ArrayList<>()).add(g);
            }
            return s;
        }

        /** @return whether the child's archive as read for the chunk may still be used (and from now on no more) */
        boolean take(long childId) {
            return unused.remove(childId);
        }
    }

    /**
     * Inserts new children with their parents and guardian, in JDBC batches; one history row per child; one event per
     * child ({@code child/CREATED} stands for the parents and guardian created with it); the first
     * {@link #LISTED_CHILDREN} listed for the status.
     */
    private void insert(Connection c, List<RosterRow> rows, String who, Instant now, Outcome out) throws SQLException {
        long[] ids = new long[rows.size()];
        try (PreparedStatement ps = c.prepareStatement(INSERT_CHILD, new String[] { "id" })) {
            for (RosterRow r : rows) {
                Child k = r.child();
                Jdbc.bind(ps, k.name(), k.gender(), k.birthDate(), k.idNumber(), k.studentNumber(), k.ethnicity(), k.schoolId(),
                        k.classId(), k.boarding(), k.homeAddress(), k.village(), k.leftBehindType(),
                        GuardianKinds.of(r.guardian() == null || r.guardian().kind() == null ? List.of() : List.of(r.guardian().kind())),
                        now, now);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("fewer generated keys than children inserted");
                    }
                    ids[i] = keys.getLong(1);
                    Child k = rows.get(i).child();
                    out.announcements.add(new Announcement(RegistryEvents.CHILD_CREATED, "child", ids[i], ids[i], k.schoolId(), 0,
                            null));
                    if (out.createdChildren.size() < LISTED_CHILDREN) {
                        out.createdChildren.add(new Created(ids[i], k.name()));
                    }
                }
            }
        }
        ChildNameKeys.insert(c, ids, i -> rows.get(i).child().name(), i -> rows.get(i).child().schoolId());
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
    private boolean update(Connection c, long childId, RosterRow r, Long classId, String who, Instant now, Stored stored,
            List<Announcement> announcements) throws SQLException {
        boolean changed = false;
        boolean read = stored.take(childId);
        Child old = read ? stored.children.get(childId) : ChildServiceImpl.find(c, childId).orElseThrow();
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
            if (!merged.name().equals(old.name())) {
                ChildNameKeys.write(c, childId, merged.name(), old.schoolId());
            }
            History.record(c, "child", childId, childId, History.UPDATED, who, now, changes);
            announcements.add(new Announcement(RegistryEvents.CHILD_UPDATED, "child", childId, childId, old.schoolId(),
                    old.version() + 1, changes));
            changed = true;
        }
        List<Parent> parents = read ? stored.parents.getOrDefault(childId, List.of()) : GuardianServiceImpl.parents(c, childId);
        for (Parent p : new Parent[] { r.father(), r.mother() }) {
            if (p != null) {
                changed |= parent(c, childId, p, parents.stream().filter(x -> x.role() == p.role()).findFirst(), who, now,
                        announcements);
            }
        }
        if (r.guardian() != null) {
            changed |= guardian(c, childId, r.guardian(), read ? stored.guardians.getOrDefault(childId, List.of())
                    : GuardianServiceImpl.guardians(c, childId), who, now, announcements);
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
            GuardianKinds.refresh(c, childId);
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
        if (merged.kind() != old.kind()) {
            GuardianKinds.refresh(c, childId);
        }
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
