package org.guanai.core.registry.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.guanai.core.api.dto.Page;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The append-only audit log (审计日志) in {@code core_audit}: who did what, when, from where, with what outcome. Services
 * write their changes and the audit entries for them in one transaction through {@link #tx}; reads, logins and module
 * operations are recorded on their own with {@link #record}.
 * <p>
 * Entries form a hash chain: entry {@code n} carries the SHA-256 of entry {@code n-1} ({@code prev_hash}, 64 zeros for
 * entry 1) and its own SHA-256 over that and all of its fields ({@code hash}). Sequence numbers are assigned here, one
 * after the other, under a lock that is held from before the last entry is read until after the transaction ends, so
 * the chain never forks within this framework. Another process writing to the same database is not covered by the lock;
 * the primary key on {@code seq} makes one of two such writers fail instead of forking the chain. Rows are never updated
 * or deleted.
 */
@Component(service = AuditLog.class)
public final class AuditLog {
    static final String OK = "OK";
    static final String FAILED = "FAILED";
    static final String REFUSED = "REFUSED";

    /** The {@code prev_hash} of the first entry. */
    static final String GENESIS = "0".repeat(64);
    static final int MAX_DETAIL = 2000;
    /** Rows fetched at a time when the chain is verified. */
    private static final int FETCH = 500;
    /** Marks the encoding the hashes are computed on, so that a later encoding can be told apart. */
    private static final String FORMAT = "guanai-audit-1";

    private final Jdbc jdbc;
    private final CurrentActor actor;
    private final Clock clock;
    private final Messages messages = new Messages();
    /** Orders appends: held from reading the last entry until the transaction that appends ends. */
    private final ReentrantLock chain = new ReentrantLock();
    /** Entries of {@link #record} waiting for a transaction (group commit). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The connection of the transaction in {@link #tx}; read and written only by the thread holding {@link #chain}. */
    private Connection current;

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

    /** One row of {@code core_audit}. */
    public record Entry(long seq, Instant at, String actor, String address, String action, String entity, String entityId,
            Long childId, Long schoolId, String outcome, String detail, String prevHash, String hash) {
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
     * @param ok       whether every entry checked out
     * @param checked  how many entries were found intact, in order from the first
     * @param brokenAt the first sequence number where the chain breaks (a changed entry, or the first of missing ones)
     * @param reason   why, in English, for the administrator; {@code null} when ok
     */
    public record Verification(boolean ok, long checked, Long brokenAt, String reason) {
    }

    /** The newest entry, as the next one links to it. */
    private record Link(long seq, String hash) {
    }

    /**
     * @param migrator referenced so that the core schema is migrated before this service starts
     */
    @Activate
    public AuditLog(@Reference(target = "(" + PooledDataSource.NAME_PROPERTY + "=core)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference CurrentActor actor) {
        this(dataSource, actor, Clock.systemUTC());
    }

    AuditLog(DataSource dataSource, CurrentActor actor, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * Runs {@code work} in one transaction of {@code jdbc} while holding the chain lock, so that it may {@link #append}
     * entries that commit or roll back with its changes. Use it instead of {@link Jdbc#tx} for every write that is
     * audited. Audited writes run one at a time, so keep {@code work} short: no waiting on anything outside the
     * database. Does not nest: the inner transaction could not see the outer one's entries, and would wait for them.
     *
     * @throws IllegalStateException if this thread is already inside {@code tx} or {@link #record}
     */
    <T> T tx(Jdbc jdbc, Jdbc.Work<T> work) {
        if (chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("audit transactions do not nest; append to the connection of the outer one");
        }
        chain.lock();
        try {
            return jdbc.tx(c -> {
                current = c;
                try {
                    return work.run(c);
                } finally {
                    current = null;
                }
            });
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
     */
    void append(Connection c, Event e) throws SQLException {
        if (!chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("AuditLog.append outside AuditLog.tx");
        }
        if (c != current) {
            throw new IllegalStateException("AuditLog.append with another connection than the one of AuditLog.tx");
        }
        appendAs(c, e, actor.get(), actor.address());
    }

    private void appendAs(Connection c, Event e, String who, String address) throws SQLException {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Link last = Jdbc.one(c, "SELECT seq, hash FROM core_audit ORDER BY seq DESC LIMIT 1",
                rs -> new Link(rs.getLong("seq"), rs.getString("hash"))).orElse(new Link(0, GENESIS));
        long seq = last.seq() + 1;
        String prev = last.hash();
        Entry draft = new Entry(seq, at, cut(who, 100), cut(address, 100), code(e.action(), 40, "action"),
                code(e.entity(), 40, "entity"), cut(e.entityId(), 200), e.childId(), e.schoolId(),
                code(e.outcome(), 20, "outcome"), cut(e.detail(), MAX_DETAIL), prev, null);
        String hash = hash(draft);
        Jdbc.update(c, "INSERT INTO core_audit (seq, at, actor, address, action, entity, entity_id, child_id, school_id,"
                + " outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", seq, at, draft.actor(),
                draft.address(), draft.action(), draft.entity(), draft.entityId(), draft.childId(), draft.schoolId(),
                draft.outcome(), draft.detail(), prev, hash);
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
     */
    public void record(Event e) {
        if (chain.isHeldByCurrentThread()) {
            throw new IllegalStateException("audit transactions do not nest; append to the connection of the outer one");
        }
        // checked before queueing: a bad entry must not fail the transaction it would share with others
        code(e.action(), 40, "action");
        code(e.entity(), 40, "entity");
        code(e.outcome(), 20, "outcome");
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
                jdbc.tx(c -> {
                    for (Pending p : batch) {
                        appendAs(c, p.event, p.actor, p.address);
                    }
                    return null;
                });
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

    /** An entry waiting for {@link #record}'s next transaction; its fields are read and written under the chain lock. */
    private static final class Pending {
        final Event event;
        final String actor;
        final String address;
        boolean done;
        RuntimeException failure;

        Pending(Event event, String actor, String address) {
            this.event = event;
            this.actor = actor;
            this.address = address;
        }
    }

    /**
     * Walks the whole chain in sequence order, a few rows at a time, and recomputes every hash. Finds a changed field
     * (the row's hash no longer matches), a row removed or inserted in the middle (the sequence or the link to the
     * previous hash breaks) and a rewritten row whose hash was recomputed too (the next row's link breaks). It cannot
     * find the removal of the newest entries, nor a rewrite of the whole tail: the chain has no secret and nothing after
     * its last entry. Keep the newest hash somewhere else to catch those.
     */
    public Verification verify() {
        return jdbc.tx(c -> {
            // A transaction, so that PostgreSQL reads with a cursor instead of loading every row.
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM core_audit ORDER BY seq")) {
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    long expected = 1;
                    String prev = GENESIS;
                    while (rs.next()) {
                        Entry e = entry(rs);
                        if (e.seq() > expected) {
                            return broken(expected, "entry " + expected + " is missing (the next one is " + e.seq() + ")");
                        }
                        if (e.seq() < expected) {
                            return broken(expected, "entry " + e.seq() + " is out of sequence (expected " + expected + ")");
                        }
                        if (!prev.equals(e.prevHash())) {
                            return broken(expected, "entry " + expected + " does not link to the hash of entry " + (expected - 1));
                        }
                        if (!hash(e).equals(e.hash())) {
                            return broken(expected, "entry " + expected + " does not match its hash (changed after it was written)");
                        }
                        prev = e.hash();
                        expected++;
                    }
                    return new Verification(true, expected - 1, null, null);
                }
            }
        });
    }

    private static Verification broken(long seq, String reason) {
        return new Verification(false, seq - 1, seq, reason);
    }

    /** Entries matching {@code q}, newest first. */
    public Page<Entry> find(Query q) {
        Paging.check(q.page(), q.size(), messages);
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
                rs.getString("hash"));
    }

    /**
     * The SHA-256, in lower-case hex, of an entry without its own hash: the format marker, {@code prevHash} and every
     * field in column order, each written as a presence byte (0 for null) followed, when present, by the length and
     * the UTF-8 bytes of its text. Numbers are written in decimal, {@code at} as microseconds since the epoch. Null and
     * empty differ, and no two field lists give the same bytes.
     */
    static String hash(Entry e) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x); // every Java platform has SHA-256
        }
        Long micros = e.at() == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, e.at());
        for (Object field : new Object[] { FORMAT, e.prevHash(), e.seq(), micros, e.actor(), e.address(), e.action(),
                e.entity(), e.entityId(), e.childId(), e.schoolId(), e.outcome(), e.detail() }) {
            if (field == null) {
                sha.update((byte) 0);
                continue;
            }
            byte[] bytes = field.toString().getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 1);
            sha.update(new byte[] { (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                    (byte) bytes.length });
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
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
