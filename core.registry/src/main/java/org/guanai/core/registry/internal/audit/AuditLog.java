package org.guanai.core.registry.internal.audit;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.Page;
import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.Paging;
import org.guanai.core.registry.internal.http.ApiServlet;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.PooledDataSource;
import org.guanai.core.registry.internal.persistence.SecureFiles;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only audit log (审计日志) in {@code core_audit}: who did what, when, from where, with what outcome. Services
 * write their changes and the audit entries for them in one transaction through {@link #tx}; reads, logins and module
 * operations are recorded on their own with {@link #record}.
 * <p>
 * <b>The chain.</b> Entry {@code n} carries the hash of entry {@code n-1} ({@code prev_hash}, 64 zeros for entry 1) and
 * its own {@code hash}, which is a <em>seal</em>: the HMAC-SHA256, under the audit key ({@link AuditKey}, a file outside
 * the database), of that link and every field ({@link #sealedContent}). Whoever can write the table but not read the key
 * cannot make a changed entry match, nor relink the entries after it. Entries written before the key existed carry a
 * plain SHA-256 ({@code hash_alg} {@value #SHA256}; {@link #legacyHash}) and stay verifiable; the first sealed entry after
 * them is an {@value AuditActions#AUDIT_KEY} entry that links to the last of them, and no plain entry is accepted after
 * a sealed one, so that rewriting an old entry breaks the chain at that link.
 * <p>
 * <b>The anchor.</b> Removing the newest entries leaves a valid chain. So the head (sequence number and hash) is written,
 * sealed too, to an append-only file outside the database ({@link AuditAnchor}, {@code <data>/audit/anchor}) after at
 * most {@link AuditConfig#anchorEveryEntries} entries or {@link AuditConfig#anchorEverySeconds} seconds when the head
 * moved, and at shutdown. Each anchoring first checks the entries since the previous anchor (and the anchored entry
 * itself): the <em>tail</em>; the first anchoring, at start, is the start-up check shown in {@code /api/health}. An
 * anchored entry that is gone or different is found by the next check; so is, while the server runs, a newest entry that
 * is not the one this server wrote last ({@link #lastCommitted}). What no check can find: entries removed after the last
 * anchor while the server was down, or just before it crashed (see the README).
 * <p>
 * <b>Alarms.</b> A break found by any check makes {@link #status()} BROKEN (logged, shown in health), is recorded as an
 * {@value AuditActions#AUDIT_ALARM} entry, and stops anchoring, so that every later start finds it again, until an
 * administrator acknowledges it ({@link #acknowledge}). A missing key with sealed entries or anchors makes the status
 * KEY_MISSING: no key is made, and nothing can be audited (every audited operation is refused with 503) until the key
 * file is back.
 * <p>
 * <b>Order.</b> Sequence numbers are assigned here, one after the other. Every transaction that appends first locks the
 * one row of {@code core_audit_lock} ({@code SELECT … FOR UPDATE}), then reads the newest entry and links to it; the row
 * lock is held until the transaction ends, so several nodes on one database write one chain, without a fork and without
 * two of them taking the same number. Within a node a lock of this object queues the writers before they take a
 * connection's row lock. Rows are never updated or deleted. With several writers the check of "the entry this server
 * wrote last" looks that entry up by its number instead of expecting it to be the newest.
 * <p>
 * <b>Reads.</b> Full reads are audited off the request path ({@link #recordRead}): the entry is queued (a bounded queue;
 * when it is full the reader waits for room) and a thread of this log writes the queued entries in one transaction at
 * most {@link AuditConfig#readFlushMillis} after the first of them was queued, and at shutdown. A {@code kill -9} loses
 * at most the read entries of that last interval; writes keep their entries in their own transaction.
 */
@Component(service = AuditLog.class, configurationPid = AuditConfig.PID)
@Designate(ocd = AuditConfig.class)
public final class AuditLog {
    public static final String OK = "OK";
    public static final String FAILED = "FAILED";
    public static final String REFUSED = "REFUSED";

    /** {@code hash_alg} of the entries written before the audit key: a plain SHA-256 over {@link #legacyHash}'s bytes. */
    static final String SHA256 = "SHA-256";
    /** {@code hash_alg} of sealed entries: HMAC-SHA256 under the key named by {@code key_id}. */
    static final String HMAC = "HMAC-SHA256";
    /** The {@code prev_hash} of the first entry. */
    static final String GENESIS = "0".repeat(64);
    static final int MAX_DETAIL = 2000;
    /** Framework property naming the key file; the environment variable {@value #KEY_FILE_ENV} is read when it is not set. */
    static final String KEY_FILE_PROPERTY = "guanai.audit.keyFile";
    static final String KEY_FILE_ENV = "GUANAI_AUDIT_KEY_FILE";
    /** Rows fetched at a time when the chain is verified. */
    private static final int FETCH = 500;
    /** Marks the encoding plain hashes are computed on (entries written before the key). */
    private static final String FORMAT = "guanai-audit-1";
    /** Marks the encoding seals are computed on. */
    private static final String SEALED_FORMAT = "guanai-audit-2";
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    /** How the entry this server wrote last is named in a reason, with {@code %d} for its number. */
    static final String WROTE_LAST = "this server wrote entry %d last";

    private final Jdbc jdbc;
    private final CurrentActor actor;
    private final Clock clock;
    private final Messages messages = new Messages();
    /** Orders appends: held from reading the last entry until the transaction that appends ends. */
    private final ReentrantLock chain = new ReentrantLock();
    /** Read entries waiting for {@link #readWriter}; {@code null} when reads are recorded as {@link #record} does. */
    private final BlockingQueue<Pending> readQueue;
    /** How long the first queued read entry waits for others to join its transaction. */
    private final long readFlushNanos;
    private final Thread readWriter;
    /** Set by {@link #close}: the read writer writes what it holds and ends; later reads are recorded at once. */
    private volatile boolean readsStopping;
    /** Read entries queued, and written, since start: {@link #awaitReads} waits for the second to reach the first. */
    private final AtomicLong readsQueued = new AtomicLong();
    private final AtomicLong readsWritten = new AtomicLong();
    /** Set by {@link #awaitReads}: the writer writes what is queued without waiting for the interval. */
    private volatile boolean readsWanted;
    /** Whether the running transaction holds the row lock of {@code core_audit_lock}; only under {@link #chain}. */
    private boolean txLocked;
    /** Entries of {@link #record} waiting for a transaction (group commit). */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** The connection of the transaction in {@link #tx}; read and written only by the thread holding {@link #chain}. */
    private Connection current;
    /** The newest entry appended in the running transaction; only under {@link #chain}. */
    private Link txHead;
    /** Entries appended in the running transaction; only under {@link #chain}. */
    private int txAppended;

    /** The key that seals entries and anchors; {@code null} when it is missing ({@link #keyProblem} says why). */
    private final AuditKey key;
    private final String keyProblem;
    /** The anchor file; {@code null} when this log keeps none (tests). */
    private final AuditAnchor anchor;
    private final int anchorEveryEntries;
    /** Anchors: one thread, started here and stopped in {@link #close}; {@code null} without an anchor file. */
    private final ScheduledExecutorService anchoring;
    private final Future<?> startCheck;
    /** Held while the tail is checked and anchored, and while the anchor file's size is taken. */
    private final Object anchorLock = new Object();
    /** The newest anchor line; only under {@link #anchorLock}. */
    private AuditAnchor.Line lastAnchor;
    /** Why anchoring failed the last time, or {@code null}; written under {@link #anchorLock}. */
    private volatile String anchorProblem;
    /** Why the head was not anchored before this start although entries are sealed; {@code null} when it was. */
    private final String unanchoredAtStart;
    /** The newest entry this server committed: the head the next entry must find (one writer). */
    private volatile Link lastCommitted;
    /** Entries committed since the last anchor. */
    private final AtomicLong unanchored = new AtomicLong();
    private final AtomicBoolean anchorQueued = new AtomicBoolean();
    private final AtomicReference<Status> status = new AtomicReference<>(Status.PENDING);

    /** What happened, as the caller describes it; when, who and from where are added by {@link #append}. */
    public record Event(String action, String entity, String entityId, Long childId, Long schoolId, String outcome,
            String detail) {
        public Event {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(outcome, "outcome");
        }

        /** An action without a particular record (LOGIN, LOGOUT …), outcome OK. */
        public static Event of(String action) {
            return new Event(action, null, null, null, null, OK, null);
        }

        /** An action on one record, outcome OK; {@code entityId} is a string (module operations name a bundle). */
        public static Event of(String action, String entity, String entityId) {
            return new Event(action, entity, entityId, null, null, OK, null);
        }

        /** An action on one record with a numeric id, outcome OK. */
        public static Event of(String action, String entity, long entityId) {
            return of(action, entity, Long.toString(entityId));
        }

        public Event child(Long id) {
            return new Event(action, entity, entityId, id, schoolId, outcome, detail);
        }

        public Event school(Long id) {
            return new Event(action, entity, entityId, childId, id, outcome, detail);
        }

        public Event outcome(String o) {
            return new Event(action, entity, entityId, childId, schoolId, o, detail);
        }

        public Event detail(String d) {
            return new Event(action, entity, entityId, childId, schoolId, outcome, d);
        }
    }

    /**
     * One row of {@code core_audit}.
     *
     * @param hash    the seal ({@code hashAlg} {@value #HMAC}) or, for entries from before the key, the SHA-256
     * @param hashAlg {@value #HMAC} or {@value #SHA256}
     * @param keyId   the {@link AuditKey#id()} of the key that sealed it; {@code null} for a plain SHA-256
     */
    public record Entry(long seq, Instant at, String actor, String address, String action, String entity, String entityId,
            Long childId, Long schoolId, String outcome, String detail, String prevHash, String hash, String hashAlg,
            String keyId) {
    }

    /**
     * Filters of {@link #find}; {@code null} means any. {@code from} is inclusive, {@code to} exclusive.
     *
     * @param page zero-based
     */
    public record Query(String actor, Long childId, Long schoolId, String action, Instant from, Instant to, int page,
            int size) {
    }

    /**
     * The result of {@link #verify}.
     *
     * @param ok       whether every entry and every anchor checked out
     * @param checked  how many entries were found intact, in order from the first
     * @param brokenAt the first sequence number where the chain breaks (a changed entry, or the first of missing ones);
     *                 {@code null} when the anchor file itself is at fault
     * @param reason   why, in English, for the administrator; {@code null} when ok
     */
    public record Verification(boolean ok, long checked, Long brokenAt, String reason) {
    }

    /**
     * What the platform knows about the chain, for {@code /api/health}: the start-up check of the tail, every anchoring
     * since, and every full verification.
     */
    public record Status(State state, Long brokenAt, String reason) {
        static final Status PENDING = new Status(State.PENDING, null, null);
        static final Status VERIFIED = new Status(State.VERIFIED, null, null);

        /** The health component's text: {@code VERIFIED}, {@code BROKEN at 1234: …}, {@code KEY_MISSING: …} … */
        public String text() {
            return state + (brokenAt == null ? "" : " at " + brokenAt) + (reason == null ? "" : ": " + reason);
        }

        /**
         * Whether the platform can serve: the check has run and the key is there. A broken or unanchored chain is an
         * alarm for the county, not a reason to stop the schools' work; without the key nothing can be audited.
         */
        public boolean up() {
            return state != State.PENDING && state != State.KEY_MISSING;
        }
    }

    public enum State {
        /** The start-up check has not finished yet. */
        PENDING,
        /** The tail checked out and the head is anchored. */
        VERIFIED,
        /** The tail checked out, but truncation cannot be ruled out (no anchor before this start, or none written). */
        UNANCHORED,
        /** A check found a changed, missing or foreign entry, or a forged anchor; anchoring stopped until acknowledged. */
        BROKEN,
        /** The audit key is missing or is not the one that sealed the chain: nothing can be audited. */
        KEY_MISSING
    }

    /** An entry as the next one links to it. */
    record Link(long seq, String hash) {
    }

    /** Where the key and the anchor are kept, and how often the head is anchored. */
    record Storage(Path keyFile, boolean keyInDataFolder, Path anchorFile, int anchorEveryEntries, Duration anchorEvery) {
    }

    /**
     * How full reads are audited ({@link #recordRead}): written by a thread of this log, in batches, at most
     * {@code flushAfter} after they were queued; at most {@code capacity} wait.
     */
    record ReadBatching(Duration flushAfter, int capacity) {
    }

    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public AuditLog(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CurrentActor actor, BundleContext context, AuditConfig config) {
        this(dataSource, actor, Clock.systemUTC(), storage(context, config),
                new ReadBatching(Duration.ofMillis(Math.min(100, Math.max(1, config.readFlushMillis()))),
                        Math.max(1, config.readQueueCapacity())));
    }

    /** A log with a random key kept in memory and no anchor file, checked once now: for tests of other services. */
    public AuditLog(DataSource dataSource, CurrentActor actor, Clock clock) {
        this(dataSource, actor, clock, null);
    }

    /**
     * Reads or makes the key, reads the last anchor, writes the {@value AuditActions#AUDIT_KEY} entry if the chain ends
     * in plain entries, and starts the check of the tail (in the background, {@link #awaitStartCheck}).
     *
     * @param storage {@code null}: a random key in memory, no anchor file, the tail checked before this returns
     */
    public AuditLog(DataSource dataSource, CurrentActor actor, Clock clock, Storage storage) {
        this(dataSource, actor, clock, storage, null);
    }

    /**
     * @param storage {@code null}: a random key in memory, no anchor file, the tail checked before this returns
     * @param reads   how full reads are written; {@code null}: each in a transaction of its own before
     *                {@link #recordRead} returns, as {@link #record}
     */
    AuditLog(DataSource dataSource, CurrentActor actor, Clock clock, Storage storage, ReadBatching reads) {
        this.jdbc = new Jdbc(dataSource);
        this.actor = actor;
        this.clock = clock;
        Facts facts = jdbc.read(AuditLog::facts);
        String startBroken = null;
        if (storage == null) {
            this.key = AuditKey.random(new SecureRandom());
            this.keyProblem = null;
            this.anchor = null;
            this.anchorEveryEntries = Integer.MAX_VALUE;
            this.unanchoredAtStart = null;
        } else {
            this.anchor = new AuditAnchor(storage.anchorFile());
            this.anchorEveryEntries = storage.anchorEveryEntries();
            String lastLine = null;
            String anchorTrouble = null;
            try {
                SecureFiles.createFolder(storage.anchorFile().toAbsolutePath().getParent());
                String removed = anchor.repair();
                if (removed != null) {
                    LOG.warn("Removed an incomplete last line from the audit anchor file {} (a write was interrupted): {}",
                            anchor.file(), removed);
                }
                if (java.nio.file.Files.exists(anchor.file())) {
                    SecureFiles.tighten(anchor.file(), SecureFiles.FILE);
                }
                lastLine = anchor.lastLine();
            } catch (IOException e) {
                anchorTrouble = "the anchor file cannot be read: " + SecureFiles.why(e);
            }
            AuditAnchor.Line last = lastLine == null ? null : AuditAnchor.parse(lastLine, 0);
            KeyOrProblem k = key(storage, facts, lastLine, last);
            this.key = k.key;
            this.keyProblem = k.problem;
            if (key == null) {
                status.set(new Status(State.KEY_MISSING, null, keyProblem));
                LOG.error("Audit log: KEY_MISSING: {} (key file {}). Nothing can be audited, so audited operations are refused"
                        + " until the key file is back.", keyProblem, storage.keyFile());
            } else if (anchorTrouble != null) {
                anchorProblem = anchorTrouble; // UNANCHORED: nothing to check against, truncation goes unseen
                LOG.error("Audit log: {} ({})", anchorTrouble, anchor.file());
            } else if (lastLine != null && last == null) {
                startBroken = "the last line of the anchor file is not an anchor line (damaged or edited)";
            } else if (last != null && !last.sealedBy(key)) {
                startBroken = "the last line of the anchor file is not sealed with the audit key: it was forged or damaged";
            } else {
                this.lastAnchor = last;
            }
            this.unanchoredAtStart = key != null && lastLine == null && anchorTrouble == null && facts.sealedWith != null
                    ? "the anchor file has no anchor, although the entries are sealed: entries removed from the end before this"
                            + " start cannot be detected"
                    : null;
        }
        if (key != null && facts.head != null && SHA256.equals(facts.headAlg)) {
            switchToKey(facts.head);
        }
        this.lastCommitted = key == null ? null : jdbc.read(AuditLog::head);
        if (startBroken != null && broken(null, startBroken)) {
            recordAlarm(startBroken);
        }
        if (anchor != null && key != null) {
            this.anchoring = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "guanai-audit-anchor");
                t.setDaemon(true);
                return t;
            });
            this.startCheck = anchoring.submit(this::checkpoint);
            long every = storage.anchorEvery().toMillis();
            anchoring.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.anchoring = null;
            this.startCheck = null;
            if (key != null) {
                checkpoint();
            }
        }
        if (reads == null) {
            this.readQueue = null;
            this.readFlushNanos = 0;
            this.readWriter = null;
        } else {
            this.readQueue = new ArrayBlockingQueue<>(reads.capacity());
            this.readFlushNanos = reads.flushAfter().toNanos();
            this.readWriter = new Thread(this::writeReads, "guanai-audit-reads");
            readWriter.setDaemon(true);
            readWriter.start();
        }
    }

    /**
     * Writes the read entries still queued, stops anchoring in the background and anchors the head a last time (after
     * checking the tail).
     */
    @Deactivate
    void close() {
        stopReads();
        if (anchoring == null) {
            return;
        }
        anchoring.shutdown(); // a running check finishes; the periodic one is cancelled
        try {
            if (!anchoring.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The audit anchoring thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
    }

    private static Storage storage(BundleContext context, AuditConfig config) {
        Path data = PooledDataSource.dataDirectory(context);
        String configured = context.getProperty(KEY_FILE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(KEY_FILE_ENV);
        }
        boolean inData = configured == null || configured.isBlank();
        Path keyFile = inData ? data.resolve("secrets").resolve("audit.key") : Path.of(configured.trim()).toAbsolutePath();
        return new Storage(keyFile, inData, data.resolve("audit").resolve("anchor"), Math.max(1, config.anchorEveryEntries()),
                Duration.ofSeconds(Math.max(1, config.anchorEverySeconds())));
    }

    // ---- the key

    /**
     * What the table says at start: its newest entry, and the key id it is sealed with ({@code null}: a plain entry, or
     * none). A sealed chain ends in a sealed entry: plain entries after sealed ones are a rewrite, which the check finds.
     */
    private record Facts(Link head, String headAlg, String sealedWith) {
    }

    private static Facts facts(Connection c) throws SQLException {
        return Jdbc.one(c, "SELECT seq, hash, hash_alg, key_id FROM core_audit ORDER BY seq DESC LIMIT 1",
                rs -> new Facts(new Link(rs.getLong(1), rs.getString(2)), rs.getString(3),
                        HMAC.equals(rs.getString(3)) ? rs.getString(4) : null))
                .orElse(new Facts(null, null, null));
    }

    private record KeyOrProblem(AuditKey key, String problem) {
    }

    /**
     * Reads the key file, or makes it when nothing was ever sealed (no sealed entry, no anchor): the first start, or the
     * first after an upgrade from plain hashes. A key that is missing or is not the one of the anchors is a problem to
     * report, never a reason to make a new key: that would declare every sealed entry broken.
     */
    private static KeyOrProblem key(Storage storage, Facts facts, String lastLine, AuditAnchor.Line last) {
        Path file = storage.keyFile();
        try {
            if (storage.keyInDataFolder()) {
                SecureFiles.createFolder(file.getParent());
            }
            AuditKey key = AuditKey.read(file);
            if (storage.keyInDataFolder()) {
                SecureFiles.tighten(file, SecureFiles.FILE);
            }
            // Another key in the file than the one the chain (and its anchors, if any) are sealed with: the key file was
            // replaced. An anchor line alone with another key id is a forgery, reported by the check of the anchor.
            String sealedWith = facts.sealedWith;
            if (sealedWith != null && !sealedWith.equals(key.id()) && (last == null || last.keyId().equals(sealedWith))) {
                return new KeyOrProblem(null, "the audit entries" + (last == null ? "" : " and the anchor file") + " are sealed with key "
                        + sealedWith + ", but the audit key file holds key " + key.id()
                        + ": restore the key file that belongs to this database");
            }
            return new KeyOrProblem(key, null);
        } catch (NoSuchFileException missing) {
            if (facts.sealedWith != null || lastLine != null) {
                return new KeyOrProblem(null, "the audit key file is missing, but "
                        + (facts.sealedWith != null ? "the audit entries are sealed with key " + facts.sealedWith
                                : "the anchor file holds anchors")
                        + ": restore the key file from the backup of the data folder's secrets/ folder (no new key is made,"
                        + " so that the sealed entries stay verifiable)");
            }
            try {
                AuditKey key = AuditKey.create(file, new SecureRandom());
                LOG.info("Generated the audit key {} (keep it with the backups of the database; id {})", file, key.id());
                return new KeyOrProblem(key, null);
            } catch (IOException e) {
                return new KeyOrProblem(null, "the audit key file cannot be written: " + SecureFiles.why(e));
            }
        } catch (IOException e) {
            return new KeyOrProblem(null, "the audit key file cannot be read: " + SecureFiles.why(e));
        } catch (IllegalArgumentException e) {
            return new KeyOrProblem(null, "the audit key file cannot be read: " + e.getMessage());
        }
    }

    /** The entry that switches the chain from plain hashes to seals: sealed itself, linked to the last plain entry. */
    private void switchToKey(Link lastPlain) {
        chain.lock();
        try {
            jdbc.tx(c -> {
                txHead = null;
                txAppended = 0;
                txLocked = false;
                lockChain(c);
                Facts now = facts(c);
                if (now.head != null && HMAC.equals(now.headAlg)) {
                    return null; // another node switched first
                }
                appendAs(c, Event.of(AuditActions.AUDIT_KEY).detail("entries from " + (lastPlain.seq() + 1)
                        + " on are sealed with HMAC-SHA256 under the audit key " + key.id() + "; entries 1 to " + lastPlain.seq()
                        + " were written with plain SHA-256 hashes"), CurrentActor.SYSTEM, null, null);
                return null;
            });
            committed();
        } finally {
            chain.unlock();
        }
        LOG.info("Audit log: entries from {} on are sealed with the audit key {}", lastPlain.seq() + 1, key.id());
    }

    // ---- appending

    /**
     * Runs {@code work} in one transaction of {@code jdbc} while holding the chain lock, so that it may {@link #append}
     * entries that commit or roll back with its changes. Use it instead of {@link Jdbc#tx} for every write that is
     * audited. Audited writes run one at a time, so keep {@code work} short: no waiting on anything outside the
     * database. Does not nest: the inner transaction could not see the outer one's entries, and would wait for them.
     *
     * @throws IllegalStateException if this thread is already inside {@code tx} or {@link #record}
     */
    public <T> T tx(Jdbc jdbc, Jdbc.Work<T> work) {
        if (chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("audit transactions do not nest; append to the connection of the outer one");
        }
        chain.lock();
        try {
            T result = jdbc.tx(c -> {
                current = c;
                txHead = null;
                txAppended = 0;
                txLocked = false;
                try {
                    return work.run(c);
                } finally {
                    current = null;
                }
            });
            committed();
            return result;
        } finally {
            chain.unlock();
        }
    }

    /**
     * Appends an entry in the transaction of {@link #tx}; it commits or rolls back with that transaction. The actor and
     * the address are the current ones ({@link CurrentActor}), the time is now, truncated to microseconds (what both H2
     * and PostgreSQL store, so that the stored row hashes the same). Details longer than {@value #MAX_DETAIL} characters
     * are cut.
     *
     * @param c the connection {@link #tx} passed to its work
     * @throws IllegalStateException outside {@link #tx}, or with another connection than its own
     * @throws ApiServlet.HttpError  503 {@code audit_unavailable} when the audit key is missing
     */
    public void append(Connection c, Event e) throws SQLException {
        if (!chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("AuditLog.append outside AuditLog.tx");
        }
        if (c != current) {
            throw new IllegalStateException("AuditLog.append with another connection than the one of AuditLog.tx");
        }
        requireKey();
        appendAs(c, e, actor.get(), actor.address(), null);
    }

    private void requireKey() {
        if (key == null) {
            throw new ApiServlet.HttpError(503, "audit_unavailable", List.of());
        }
    }

    /**
     * Under {@link #chain}, in a transaction: takes the chain's row lock (once per transaction), checks that the entry
     * this server wrote last is still there, and appends. The newest entry is read once per transaction: while the
     * transaction holds the row lock nobody else appends, so after its first entry the newest is the one it wrote
     * (a batch of reads costs one insert per entry, not a query and an insert; without the lock row, the primary key
     * refuses a second writer's entry of the same number).
     *
     * @param at when it happened; {@code null}: now
     */
    private void appendAs(Connection c, Event e, String who, String address, Instant at) throws SQLException {
        if (!txLocked) {
            lockChain(c);
        }
        Link last = txHead;
        if (last == null) {
            last = head(c);
            String reason = lastCommitted == null ? null : notWhatWasWritten(c, lastCommitted, last);
            if (reason != null) {
                long brokenAt = Math.min(lastCommitted.seq(), last.seq()) + 1;
                txHead = last; // reported once; the chain goes on from what is there
                if (broken(brokenAt, reason)) {
                    last = insert(c, Event.of(AuditActions.AUDIT_ALARM).outcome(FAILED).detail(reason), CurrentActor.SYSTEM,
                            null, last, null);
                }
            }
        }
        txHead = insert(c, e, who, address, last, at);
    }

    /**
     * Locks the one row of {@code core_audit_lock} until the transaction ends: every node takes it before it reads the
     * newest entry and appends, so writers on one database append one after the other.
     */
    private void lockChain(Connection c) throws SQLException {
        if (Jdbc.one(c, "SELECT id FROM core_audit_lock WHERE id = 1 FOR UPDATE", rs -> rs.getInt(1)).isEmpty()) {
            LOG.warn("The row of core_audit_lock is missing: writers on several nodes are kept apart only by the primary key");
        }
        txLocked = true;
    }

    /**
     * Whether the entry this server wrote last is still there, unchanged, given the newest entry {@code found}. Other
     * nodes may have written after it: then it is looked up by its number.
     *
     * @return what is wrong, or {@code null}
     */
    private static String notWhatWasWritten(Connection c, Link written, Link found) throws SQLException {
        if (found.seq() < written.seq()) {
            return "entries " + (found.seq() + 1) + " to " + written.seq() + " are missing: this server wrote entry "
                    + written.seq() + " last, but the newest entry is " + found.seq();
        }
        if (found.seq() == written.seq()) {
            return found.hash().equals(written.hash()) ? null
                    : "entry " + written.seq() + " was replaced after this server wrote it";
        }
        if (written.seq() == 0) {
            return null;
        }
        String hash = Jdbc.one(c, "SELECT hash FROM core_audit WHERE seq = ?", rs -> rs.getString(1), written.seq()).orElse(null);
        if (hash == null) {
            return "entry " + written.seq() + " is missing: this server wrote it, and the newest entry is " + found.seq();
        }
        return hash.equals(written.hash()) ? null : "entry " + written.seq() + " was replaced after this server wrote it";
    }

    private Link insert(Connection c, Event e, String who, String address, Link prev, Instant when) throws SQLException {
        Instant at = (when == null ? clock.instant() : when).truncatedTo(ChronoUnit.MICROS);
        long seq = prev.seq() + 1;
        Entry draft = new Entry(seq, at, cut(who, 100), cut(address, 100), code(e.action(), 40, "action"),
                code(e.entity(), 40, "entity"), cut(e.entityId(), 200), e.childId(), e.schoolId(),
                code(e.outcome(), 20, "outcome"), cut(e.detail(), MAX_DETAIL), prev.hash(), null, HMAC, key.id());
        String seal = key.seal(sealedContent(draft));
        Jdbc.update(c, "INSERT INTO core_audit (seq, at, actor, address, action, entity, entity_id, child_id, school_id,"
                + " outcome, detail, prev_hash, hash, hash_alg, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", seq,
                at, draft.actor(), draft.address(), draft.action(), draft.entity(), draft.entityId(), draft.childId(),
                draft.schoolId(), draft.outcome(), draft.detail(), prev.hash(), seal, HMAC, key.id());
        txAppended++;
        return new Link(seq, seal);
    }

    private static Link head(Connection c) throws SQLException {
        return Jdbc.one(c, "SELECT seq, hash FROM core_audit ORDER BY seq DESC LIMIT 1", rs -> new Link(rs.getLong(1), rs.getString(2)))
                .orElse(new Link(0, GENESIS));
    }

    /** After a commit, under {@link #chain}: the new head is the one to expect, and anchoring may be due. */
    private void committed() {
        if (txHead != null) {
            lastCommitted = txHead;
        }
        int n = txAppended;
        txHead = null;
        txAppended = 0;
        if (n > 0 && anchoring != null && unanchored.addAndGet(n) >= anchorEveryEntries && anchorQueued.compareAndSet(false, true)) {
            try {
                anchoring.execute(() -> {
                    anchorQueued.set(false);
                    checkpoint();
                });
            } catch (RejectedExecutionException stopping) {
                anchorQueued.set(false); // close() anchors the head
            }
        }
    }

    /**
     * Appends an entry in a transaction of its own: reads, logins, module operations; returns once it is committed.
     * Concurrent calls share transactions (group commit): each caller queues its entry and takes the chain lock; the
     * first to get it writes every queued entry in one transaction, and the others find theirs committed (or the
     * transaction's failure) when they get the lock in turn. Under load this turns one commit per request into one per
     * batch, without a thread of its own and without answering before the entry is stored.
     *
     * @throws IllegalStateException inside {@link #tx} (audit transactions do not nest)
     * @throws Jdbc.DataAccessException when the transaction that carried the entry failed
     * @throws ApiServlet.HttpError 503 {@code audit_unavailable} when the audit key is missing
     */
    public void record(Event e) {
        checkQueued(e);
        Pending mine = new Pending(e, actor.get(), actor.address());
        queue.add(mine);
        chain.lock();
        try {
            if (mine.done) {
                if (mine.failure != null) {
                    throw mine.failure;
                }
                return;
            }
            List<Pending> batch = new ArrayList<>();
            for (Pending p; (p = queue.poll()) != null;) {
                batch.add(p);
            }
            RuntimeException failure = null;
            try {
                appendAll(batch);
            } catch (RuntimeException x) {
                failure = x;
            }
            for (Pending p : batch) {
                p.failure = failure;
                p.done = true;
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            chain.unlock();
        }
    }

    /**
     * Before an entry is queued: not inside {@link #tx}, valid codes (a bad entry must not fail the transaction it would
     * share with others), and the key there.
     */
    private void checkQueued(Event e) {
        if (chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("audit transactions do not nest; append to the connection of the outer one");
        }
        code(e.action(), 40, "action");
        code(e.entity(), 40, "entity");
        code(e.outcome(), 20, "outcome");
        requireKey();
    }

    /** Under {@link #chain}: appends {@code batch} in one transaction. */
    private void appendAll(List<Pending> batch) {
        jdbc.tx(c -> {
            txHead = null;
            txAppended = 0;
            txLocked = false;
            for (Pending p : batch) {
                appendAs(c, p.event, p.actor, p.address, p.at);
            }
            return null;
        });
        committed();
    }

    /**
     * Audits a full read: like {@link #record}, but off the request path. The entry, with its time, actor and address
     * taken now, is queued and written with the others queued within {@link AuditConfig#readFlushMillis} in one
     * transaction by this log's thread (and at shutdown), so that a read does not wait for a commit. When
     * {@link AuditConfig#readQueueCapacity} entries wait, the caller waits for room (back-pressure); after 30 s
     * it is refused. A {@code kill -9} loses the entries of at most the last flush interval.
     *
     * @throws ApiServlet.HttpError 503 {@code audit_unavailable} when the audit key is missing, or no room was made
     *                              within 30 s (the database does not take the entries)
     */
    public void recordRead(Event e) {
        if (readQueue == null || readsStopping) {
            record(e);
            return;
        }
        checkQueued(e);
        Pending p = new Pending(e, actor.get(), actor.address(), clock.instant());
        try {
            if (readQueue.offer(p, 30, TimeUnit.SECONDS)) {
                readsQueued.incrementAndGet();
            } else {
                LOG.error("Audit log: {} read entries have waited 30 s to be written; refusing the read", readQueue.size());
                throw new ApiServlet.HttpError(503, "audit_unavailable", List.of());
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new ApiServlet.HttpError(503, "audit_unavailable", List.of());
        }
    }

    /** The read writer's loop: waits for an entry, lets others join it for the flush interval, writes them together. */
    private void writeReads() {
        List<Pending> batch = heldReads;
        while (true) {
            Pending first;
            try {
                first = readQueue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return; // close() writes what is left
            }
            if (first == null) {
                if (readsStopping) {
                    return;
                }
                continue;
            }
            // parkNanos may return early (a spurious wake-up, a permit left by an earlier unpark): wait out the interval
            for (long wait; (wait = readFlushNanos - (System.nanoTime() - first.queued)) > 0 && !readsStopping && !readsWanted;) {
                LockSupport.parkNanos(wait);
            }
            readsWanted = false;
            batch.add(first);
            readQueue.drainTo(batch, READ_BATCH - 1);
            while (!writeReadBatch(batch)) {
                if (readsStopping) {
                    return; // close() tries once more
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /** The read entries the writer holds (taken from the queue, not written yet); only its thread and close() after it. */
    private final List<Pending> heldReads = new ArrayList<>();

    /** Writes {@code batch} (and empties it); on failure keeps it, logs, and returns {@code false}. */
    private boolean writeReadBatch(List<Pending> batch) {
        chain.lock();
        try {
            appendAll(batch);
            readsWritten.addAndGet(batch.size());
            batch.clear();
            return true;
        } catch (RuntimeException e) {
            LOG.error("Audit log: cannot write {} read entries now, trying again: {}", batch.size(), e.toString());
            return false;
        } finally {
            chain.unlock();
        }
    }

    /**
     * Waits (at most 10 s) until the read entries queued before this call are written, asking the writer not to wait for
     * the interval: the audit list and the verification show every read answered before they were asked for.
     */
    void awaitReads() {
        if (readQueue == null) {
            return;
        }
        long target = readsQueued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (readsWritten.get() < target && System.nanoTime() < deadline && readWriter.isAlive()) {
            readsWanted = true;
            LockSupport.unpark(readWriter);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Stops the read writer and writes every read entry still queued or held by it. */
    private void stopReads() {
        if (readWriter == null) {
            return;
        }
        readsStopping = true;
        LockSupport.unpark(readWriter); // it writes what it holds without waiting for the interval
        try {
            readWriter.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (readWriter.isAlive()) {
            LOG.warn("The audit read writer did not stop within 30 s");
            return;
        }
        // readers that waited for room put their entries in as this drains: drain until it stays empty
        for (List<Pending> rest = new ArrayList<>(heldReads); readQueue.drainTo(rest) > 0 || !rest.isEmpty(); rest.clear()) {
            if (!writeReadBatch(rest)) {
                LOG.error("Audit log: {} read entries could not be written at shutdown", rest.size());
            }
        }
    }

    /** Entries of {@link #recordRead} flushed per transaction at most. */
    private static final int READ_BATCH = 1000;

    /** An entry waiting for {@link #record}'s next transaction; its fields are read and written under the chain lock. */
    private static final class Pending {
        final Event event;
        final String actor;
        final String address;
        /** When it happened ({@link #recordRead}); {@code null}: when it is written. */
        final Instant at;
        final long queued = System.nanoTime();
        boolean done;
        RuntimeException failure;

        Pending(Event event, String actor, String address) {
            this(event, actor, address, null);
        }

        Pending(Event event, String actor, String address, Instant at) {
            this.event = event;
            this.actor = actor;
            this.address = address;
            this.at = at;
        }
    }

    // ---- status, anchoring, acknowledging

    /** What the start-up check and the checks since found; shown in {@code /api/health} as {@code auditChain}. */
    public Status status() {
        return status.get();
    }

    /** Waits for the start-up check of the tail (tests); returns the status after it. */
    Status awaitStartCheck() throws Exception {
        if (startCheck != null) {
            startCheck.get(60, TimeUnit.SECONDS);
        }
        return status();
    }

    /** The anchor file, or {@code null} when this log keeps none. */
    public Path anchorFile() {
        return anchor == null ? null : anchor.file();
    }

    /** The newest anchor line's sequence number, or {@code null} when there is none. */
    public Long anchoredSeq() {
        synchronized (anchorLock) {
            return lastAnchor == null ? null : lastAnchor.seq();
        }
    }

    /**
     * Makes the status BROKEN, unless it already is (or the key is missing), and logs it.
     *
     * @return whether this call made it so: the caller then records the alarm in the chain
     */
    private boolean broken(Long at, String reason) {
        Status next = new Status(State.BROKEN, at, reason);
        for (;;) {
            Status now = status.get();
            if (now.state() == State.BROKEN || now.state() == State.KEY_MISSING) {
                return false;
            }
            if (status.compareAndSet(now, next)) {
                LOG.error("The audit chain is BROKEN{}: {} (anchor file {}). Anchoring stops until an administrator has looked"
                        + " into it and run guanai:auditacknowledge.", at == null ? "" : " at entry " + at, reason,
                        anchor == null ? "none" : anchor.file());
                return true;
            }
        }
    }

    /**
     * Records an alarm in the chain, outside a transaction (best effort: the status and the log carry it anyway), unless
     * the newest alarm in it is not acknowledged yet: a break found again at each start is one alarm.
     */
    private void recordAlarm(String reason) {
        try {
            String newest = jdbc.read(c -> Jdbc.one(c, "SELECT action FROM core_audit WHERE action IN (?, ?) ORDER BY seq DESC LIMIT 1",
                    rs -> rs.getString(1), AuditActions.AUDIT_ALARM, AuditActions.AUDIT_ACKNOWLEDGED).orElse(null));
            if (AuditActions.AUDIT_ALARM.equals(newest)) {
                return;
            }
            actor.as(CurrentActor.SYSTEM, () -> {
                record(Event.of(AuditActions.AUDIT_ALARM).outcome(FAILED).detail(reason));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Cannot record the audit alarm in the audit log: {}", e.toString());
        }
    }

    private void tick() {
        try {
            if (unanchored.get() > 0 || status.get().state() == State.PENDING) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.error("Audit anchoring failed", e); // the next tick tries again
        }
    }

    /**
     * Checks the tail (the entries from the last anchor on) and anchors the head if it moved: at start, every
     * {@link AuditConfig#anchorEveryEntries} entries, every {@link AuditConfig#anchorEverySeconds} seconds when entries
     * were added, and at shutdown. Does nothing once the chain is BROKEN (until acknowledged) or the key is missing.
     */
    void checkpoint() {
        synchronized (anchorLock) {
            State state = status.get().state();
            if (state == State.BROKEN || state == State.KEY_MISSING) {
                return;
            }
            long pending = unanchored.getAndSet(0);
            Link head;
            try {
                head = checkTail();
            } catch (AuditWalk.Broken b) {
                if (broken(b.at, b.reason)) {
                    recordAlarm(b.reason);
                }
                return;
            } catch (RuntimeException e) {
                unanchored.addAndGet(pending);
                LOG.warn("Cannot check the audit chain now: {}", e.toString());
                return;
            }
            if (anchor != null && (lastAnchor == null || head.seq() > lastAnchor.seq())) {
                try {
                    writeAnchor(head);
                    anchorProblem = null;
                } catch (IOException e) {
                    unanchored.addAndGet(pending);
                    anchorProblem = "the anchor file cannot be written: " + SecureFiles.why(e);
                    LOG.error("Audit log: {} ({})", anchorProblem, anchor.file());
                }
            }
            checked();
        }
    }

    /** Under {@link #anchorLock}: appends the anchor line for {@code head}. */
    private void writeAnchor(Link head) throws IOException {
        String line = AuditAnchor.line(key, head.seq(), head.hash(), clock.instant());
        anchor.append(line);
        lastAnchor = AuditAnchor.parse(line.substring(0, line.length() - 1), 0);
    }

    /** Under {@link #anchorLock}, after a check that found nothing wrong. */
    private void checked() {
        Status next = anchorProblem != null ? new Status(State.UNANCHORED, null, anchorProblem)
                : unanchoredAtStart != null ? new Status(State.UNANCHORED, null, unanchoredAtStart) : Status.VERIFIED;
        for (;;) {
            Status now = status.get();
            if (now.state() == State.BROKEN || now.state() == State.KEY_MISSING || status.compareAndSet(now, next)) {
                return;
            }
        }
    }

    /**
     * For an administrator who has looked into a BROKEN chain (and kept the evidence): records who acknowledged what
     * ({@value AuditActions#AUDIT_ACKNOWLEDGED}, with the alarm in its detail), anchors the head, and checks and anchors
     * again from there. The full verification ({@link #verify}) keeps reporting a break that is in the chain or the
     * anchor file: it is evidence, and acknowledging does not change it.
     *
     * @return the status before
     * @throws IllegalStateException when the key is missing (nothing can be recorded) or nothing is to be acknowledged
     */
    public Status acknowledge() {
        Status before;
        synchronized (anchorLock) {
            before = status.get();
            if (before.state() == State.KEY_MISSING) {
                throw new IllegalStateException(before.text());
            }
            if (before.state() != State.BROKEN) {
                throw new IllegalStateException("the audit chain is " + before.text() + ": there is no alarm to acknowledge");
            }
            record(Event.of(AuditActions.AUDIT_ACKNOWLEDGED).detail("alarm acknowledged: " + before.text()));
            if (anchor != null) {
                try {
                    writeAnchor(lastCommitted);
                    anchorProblem = null;
                } catch (IOException e) {
                    anchorProblem = "the anchor file cannot be written: " + SecureFiles.why(e);
                    LOG.error("Audit log: {} ({})", anchorProblem, anchor.file());
                }
            }
            status.compareAndSet(before, Status.PENDING);
            LOG.warn("Audit alarm acknowledged by {}: {}", actor.get(), before.text());
        }
        checkpoint();
        return before;
    }

    // ---- verifying

    /** Feeds every entry from {@code from} on, in order, to {@code walk}, a few rows at a time. */
    private void scan(long from, AuditWalk walk) {
        long newest = jdbc.tx(c -> {
            long head = head(c).seq();
            // A transaction, so that PostgreSQL reads with a cursor instead of loading every row.
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM core_audit WHERE seq >= ? ORDER BY seq")) {
                ps.setFetchSize(FETCH);
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        walk.row(entry(rs));
                    }
                }
            }
            return head;
        });
        walk.end(newest);
    }

    /**
     * Under {@link #anchorLock}: checks the entries from the last anchor on, the anchored entry included (all of them
     * when there is no anchor), and that the entry this server wrote last is still there, unchanged.
     *
     * @return the head
     * @throws AuditWalk.Broken what is wrong
     */
    private Link checkTail() {
        Link written = lastCommitted; // read before the rows: whatever it names is committed, so the scan sees it
        List<AuditWalk.Mark> marks = new ArrayList<>();
        if (lastAnchor != null) {
            marks.add(new AuditWalk.Mark(lastAnchor.seq(), lastAnchor.hash(), "the anchor file (written " + lastAnchor.at() + ") names entry %d"));
        }
        if (written != null && written.seq() > 0) {
            marks.add(new AuditWalk.Mark(written.seq(), written.hash(), WROTE_LAST));
        }
        marks.sort(Comparator.comparingLong(AuditWalk.Mark::seq));
        long from = lastAnchor == null ? 1 : Math.max(1, lastAnchor.seq());
        boolean fromAnchoredEntry = lastAnchor != null && lastAnchor.seq() > 0;
        AuditWalk walk = new AuditWalk(key, keyProblem, from, fromAnchoredEntry ? null : GENESIS,
                lastAnchor == null ? null : lastAnchor.seq(), AuditWalk.of(marks));
        scan(from, walk);
        return walk.head;
    }

    /**
     * Walks the whole chain in sequence order, a few rows at a time, checks every hash and seal, and checks every line
     * of the anchor file against it. Finds a changed field (the row no longer matches its seal or hash), a row removed or
     * inserted in the middle (the sequence or the link to the previous hash breaks), a row rewritten with a recomputed
     * plain hash or with another key (it is not sealed with the audit key), the removal of anchored newest entries (an
     * anchor names an entry that is gone or different), a forged or edited anchor line (not sealed with the key), and,
     * while this server runs, the removal of entries it wrote since the last anchor. A failure is also an alarm
     * ({@link #status()}).
     */
    public Verification verify() {
        awaitReads();
        long limit;
        Link written = lastCommitted;
        synchronized (anchorLock) {
            try {
                limit = anchor == null ? 0 : anchor.size(); // lines up to here are whole, and name committed entries
            } catch (IOException e) {
                return failed(new Verification(false, 0, null, "the anchor file cannot be read: " + SecureFiles.why(e)));
            }
        }
        AuditWalk walk = null;
        try (AuditAnchor.Lines lines = anchor == null ? null : anchor.read(limit)) {
            AuditWalk.Marks fromFile = lines == null ? () -> null : AuditWalk.fileMarks(lines, key, keyProblem);
            walk = new AuditWalk(key, keyProblem, 1, GENESIS, null, AuditWalk.withWritten(fromFile, written));
            scan(1, walk);
            return new Verification(true, walk.checked, null, null);
        } catch (AuditWalk.Broken b) {
            return failed(new Verification(false, walk == null ? 0 : walk.checked, b.at, b.reason));
        } catch (IOException e) {
            return failed(new Verification(false, walk == null ? 0 : walk.checked, null,
                    "the anchor file cannot be read: " + SecureFiles.why(e)));
        }
    }

    private Verification failed(Verification v) {
        if (broken(v.brokenAt(), v.reason())) {
            recordAlarm(v.reason());
        }
        return v;
    }

    // ---- reading

    /** Entries matching {@code q}, newest first. */
    public Page<Entry> find(Query q) {
        Paging.check(q.page(), q.size(), messages);
        awaitReads();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.actor() != null) {
            where.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.childId() != null) {
            where.append(" AND child_id = ?");
            args.add(q.childId());
        }
        if (q.schoolId() != null) {
            where.append(" AND school_id = ?");
            args.add(q.schoolId());
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.from() != null) {
            where.append(" AND at >= ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            where.append(" AND at < ?");
            args.add(q.to());
        }
        return jdbc.read(c -> {
            long total = Jdbc.count(c, "SELECT COUNT(*) FROM core_audit" + where, args.toArray());
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(q.size());
            pageArgs.add((long) q.page() * q.size());
            List<Entry> items = Jdbc.list(c, "SELECT * FROM core_audit" + where + " ORDER BY seq DESC LIMIT ? OFFSET ?",
                    AuditLog::entry, pageArgs.toArray());
            return new Page<>(items, total, q.page(), q.size());
        });
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("address"),
                rs.getString("action"), rs.getString("entity"), rs.getString("entity_id"), Jdbc.longOrNull(rs, "child_id"),
                Jdbc.longOrNull(rs, "school_id"), rs.getString("outcome"), rs.getString("detail"), rs.getString("prev_hash"),
                rs.getString("hash"), rs.getString("hash_alg"), rs.getString("key_id"));
    }

    // ---- hashing

    /**
     * The SHA-256, in lower-case hex, of an entry written before the audit key, without its own hash: the format marker
     * {@value #FORMAT}, {@code prevHash} and every field in column order, encoded by {@link AuditKey#fields}. Numbers are
     * written in decimal, {@code at} as microseconds since the epoch. Unchanged since those entries were written.
     */
    static String legacyHash(Entry e) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x); // every Java platform has SHA-256
        }
        return HexFormat.of().formatHex(sha.digest(AuditKey.fields(FORMAT, e.prevHash(), e.seq(), micros(e.at()), e.actor(),
                e.address(), e.action(), e.entity(), e.entityId(), e.childId(), e.schoolId(), e.outcome(), e.detail())));
    }

    /**
     * What a seal covers: the format marker {@value #SEALED_FORMAT}, the algorithm and key id, {@code prevHash} and every
     * field, encoded as for {@link #legacyHash}. The entry's own hash is not part of it.
     */
    static byte[] sealedContent(Entry e) {
        return AuditKey.fields(SEALED_FORMAT, e.hashAlg(), e.keyId(), e.prevHash(), e.seq(), micros(e.at()), e.actor(), e.address(),
                e.action(), e.entity(), e.entityId(), e.childId(), e.schoolId(), e.outcome(), e.detail());
    }

    private static Long micros(Instant at) {
        return at == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    /**
     * Text as it will be stored: at most {@code max} characters, not cut inside a surrogate pair, and without NUL
     * (PostgreSQL refuses it in text), so that the stored value is exactly the hashed one.
     */
    static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
        if (t.length() <= max) {
            return t;
        }
        int end = Character.isHighSurrogate(t.charAt(max - 1)) ? max - 1 : max;
        return t.substring(0, end);
    }

    /** A code chosen by the calling code (action, entity, outcome): never cut, refused if too long or blank. */
    private static String code(String s, int max, String what) {
        if (s == null) {
            return null;
        }
        if (s.isBlank() || s.length() > max) {
            throw new IllegalArgumentException(what + " must be 1 to " + max + " characters: " + s);
        }
        return s;
    }
}
