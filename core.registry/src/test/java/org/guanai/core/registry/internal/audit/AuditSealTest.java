package org.guanai.core.registry.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog.Entry;
import org.guanai.core.registry.internal.audit.AuditLog.Event;
import org.guanai.core.registry.internal.audit.AuditLog.Query;
import org.guanai.core.registry.internal.audit.AuditLog.State;
import org.guanai.core.registry.internal.audit.AuditLog.Status;
import org.guanai.core.registry.internal.audit.AuditLog.Verification;
import org.guanai.core.registry.internal.http.ApiServlet;
import org.guanai.core.registry.internal.persistence.FlywaySchemaMigrator;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.core.registry.internal.persistence.SecureFiles;
import org.guanai.core.registry.internal.persistence.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit chain against someone who can write the database but cannot read the data folder's secrets: entries sealed
 * with the key, the head anchored in a file, the tail checked at every start. A "restart" is a new {@link AuditLog} on the
 * same database and data folder, as after a restart of the platform.
 */
class AuditSealTest {
    private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path data;
    private TestDb db;
    private Jdbc jdbc;
    private AuditLogTest.MutableClock clock;
    /** The running log; each test closes it when it "stops the platform". */
    private AuditLog audit;
    private final List<AuditLog> opened = new ArrayList<>();

    static AuditLog.Storage storage(Path data, int anchorEveryEntries) {
        return new AuditLog.Storage(data.resolve("secrets").resolve("audit.key"), true, data.resolve("audit").resolve("anchor"),
                anchorEveryEntries, Duration.ofHours(1));
    }

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDb();
        jdbc = new Jdbc(db.dataSource);
        clock = new AuditLogTest.MutableClock(START);
        audit = start(db.dataSource);
    }

    @AfterEach
    void tearDown() {
        opened.forEach(AuditLog::close);
    }

    /** Starts the audit log as the platform does, and waits for its start-up check. */
    private AuditLog start(DataSource ds) throws Exception {
        return start(ds, data, 1000);
    }

    private AuditLog start(DataSource ds, Path folder, int every) throws Exception {
        AuditLog log = new AuditLog(ds, db.actor, clock, storage(folder, every));
        opened.add(log);
        log.awaitStartCheck();
        return log;
    }

    /** Stops the platform ({@code @Deactivate}) and starts it again. */
    private AuditLog restart() throws Exception {
        audit.close();
        opened.remove(audit);
        audit = start(db.dataSource);
        return audit;
    }

    private void records(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            audit.record(Event.of("READ", "child", i).child((long) i).detail("entry " + i));
        }
    }

    private int sql(String statement, Object... args) {
        return jdbc.tx(c -> Jdbc.update(c, statement, args));
    }

    private static List<Entry> entries(DataSource ds) {
        return new Jdbc(ds).read(c -> Jdbc.list(c, "SELECT * FROM core_audit ORDER BY seq", rs -> new Entry(rs.getLong("seq"),
                Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("address"), rs.getString("action"),
                rs.getString("entity"), rs.getString("entity_id"), Jdbc.longOrNull(rs, "child_id"), Jdbc.longOrNull(rs, "school_id"),
                rs.getString("outcome"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
                rs.getString("hash_alg"), rs.getString("key_id"))));
    }

    private Path keyFile() {
        return data.resolve("secrets").resolve("audit.key");
    }

    private Path anchorFile() {
        return data.resolve("audit").resolve("anchor");
    }

    private List<String> anchorLines() throws Exception {
        return Files.readAllLines(anchorFile(), StandardCharsets.US_ASCII);
    }

    private void rewriteFrom(long seq, UnaryOperator<Entry> reseal) {
        rewrite(db.dataSource, seq, Long.MAX_VALUE, reseal);
    }

    /**
     * What an attacker with SQL access does: changes the actor of entry {@code seq}, then rewrites it and every entry
     * after it up to {@code last} with {@code reseal} (which sets hash, algorithm and key id) and links them again.
     */
    private static void rewrite(DataSource ds, long seq, long last, UnaryOperator<Entry> reseal) {
        String prev = null;
        Jdbc jdbc = new Jdbc(ds);
        for (Entry e : entries(ds)) {
            if (e.seq() > last) {
                break;
            }
            if (e.seq() < seq) {
                prev = e.hash();
                continue;
            }
            Entry changed = new Entry(e.seq(), e.at(), e.seq() == seq ? "someone-else" : e.actor(), e.address(), e.action(),
                    e.entity(), e.entityId(), e.childId(), e.schoolId(), e.outcome(), e.detail(), prev, null, null, null);
            Entry sealed = reseal.apply(changed);
            jdbc.tx(c -> Jdbc.update(c, "UPDATE core_audit SET actor = ?, prev_hash = ?, hash = ?, hash_alg = ?, key_id = ? WHERE seq = ?",
                    sealed.actor(), sealed.prevHash(), sealed.hash(), sealed.hashAlg(), sealed.keyId(), sealed.seq()));
            prev = sealed.hash();
        }
    }

    /** The plain SHA-256 every entry had before this change: anyone can compute it. */
    private static Entry plainSha256(Entry e) {
        Entry plain = withSeal(e, null, AuditLog.SHA256, null);
        return withSeal(plain, OldAuditLog.hash(plain), AuditLog.SHA256, null);
    }

    /** An HMAC-SHA256 under {@code key}, claiming to be sealed by the key named {@code keyId}. */
    private static UnaryOperator<Entry> sealedWith(AuditKey key, String keyId) {
        return e -> {
            Entry unsealed = withSeal(e, null, AuditLog.HMAC, keyId);
            return withSeal(unsealed, key.seal(AuditLog.sealedContent(unsealed)), AuditLog.HMAC, keyId);
        };
    }

    private static Entry withSeal(Entry e, String hash, String alg, String keyId) {
        return new Entry(e.seq(), e.at(), e.actor(), e.address(), e.action(), e.entity(), e.entityId(), e.childId(), e.schoolId(),
                e.outcome(), e.detail(), e.prevHash(), hash, alg, keyId);
    }

    // ---- sealing

    @Test
    void everyEntryIsSealedWithTheKeyInTheDataFolder() throws Exception {
        records(3);
        AuditKey key = AuditKey.read(keyFile());
        for (Entry e : entries(db.dataSource)) {
            assertEquals(AuditLog.HMAC, e.hashAlg());
            assertEquals(key.id(), e.keyId());
            assertTrue(key.sealed(AuditLog.sealedContent(e), e.hash()), "sealed: " + e);
            assertNotEquals(OldAuditLog.hash(e), e.hash(), "not a plain hash anyone can recompute");
        }
        assertEquals(64, Files.readString(keyFile()).strip().length(), "32 random bytes in hex");
        assertEquals(new Verification(true, 3, null, null), audit.verify());
    }

    @Test
    void aRewriteWithRecomputedPlainHashesIsFound() throws Exception {
        records(10);
        audit.close(); // the platform stops and anchors entry 10; the attacker rewrites entries 4 to 10 with SHA-256
        opened.remove(audit);
        rewriteFrom(4, AuditSealTest::plainSha256);

        audit = start(db.dataSource);
        Status atStart = audit.status();
        assertEquals(State.BROKEN, atStart.state(), atStart.text());
        assertEquals(10L, atStart.brokenAt(), "the anchored entry is no longer the one anchored: " + atStart.text());
        assertTrue(atStart.up(), "an alarm, not a reason to stop the schools");

        Verification v = audit.verify();
        assertFalse(v.ok());
        assertEquals(4L, v.brokenAt());
        assertEquals(3, v.checked());
        assertEquals("entry 4 has a plain SHA-256 hash, but the chain is sealed with the audit key from the start: it was rewritten",
                v.reason());
    }

    @Test
    void aRewriteSealedWithAnotherKeyIsFound() throws Exception {
        records(10);
        AuditKey real = AuditKey.read(keyFile());
        AuditKey guessed = AuditKey.random(new SecureRandom());

        rewriteFrom(6, sealedWith(guessed, real.id()));
        Verification v = audit.verify();
        assertEquals(6L, v.brokenAt());
        assertEquals("entry 6 does not match its seal (changed after it was written, or sealed without the audit key)", v.reason());

        rewriteFrom(6, sealedWith(guessed, guessed.id()));
        v = audit.verify();
        assertEquals(6L, v.brokenAt());
        assertEquals("entry 6 is sealed with key " + guessed.id() + ", not with the audit key " + real.id()
                + " (written without the key, or the key file was replaced)", v.reason());
        assertEquals(State.BROKEN, audit.status().state(), "a failed verification is an alarm too");
    }

    // ---- the anchor

    @Test
    void removingTheNewestEntriesAfterAnAnchorIsFoundAtStartAndByVerify() throws Exception {
        records(10);
        audit.close(); // anchors entry 10
        opened.remove(audit);
        List<String> lines = anchorLines();
        assertEquals(2, lines.size(), "the empty chain at the first start, entry 10 at shutdown: " + lines);
        assertTrue(lines.get(1).startsWith("10 "), lines.get(1));

        assertEquals(3, sql("DELETE FROM core_audit WHERE seq >= 8"));
        audit = start(db.dataSource);
        Status s = audit.status();
        assertEquals(State.BROKEN, s.state());
        assertEquals(8L, s.brokenAt());
        assertTrue(s.text().startsWith("BROKEN at 8: entries 8 to 10 are missing: the anchor file (written "), s.text());
        assertTrue(s.text().endsWith(") names entry 10, but the newest entry is 7"), s.text());
        assertEquals(1, audit.find(new Query(null, null, null, AuditActions.AUDIT_ALARM, null, null, 0, 10)).total(),
                "the alarm is recorded in the chain itself");

        Verification v = audit.verify(); // entry 8 is the alarm now
        assertFalse(v.ok());
        assertEquals(9L, v.brokenAt(), v.reason());
        assertTrue(v.reason().startsWith("entries 9 to 10 are missing: line 2 of the anchor file (written "), v.reason());

        // it stays an alarm at every start (nothing is anchored past it) until an administrator acknowledges it
        assertEquals(State.BROKEN, restart().status().state());
        records(4); // the platform goes on writing: entries 9 … take the numbers of the removed ones
        assertEquals(State.BROKEN, restart().status().state());
        assertEquals(State.BROKEN, audit.acknowledge().state());
        assertEquals(Status.VERIFIED, audit.status());
        assertEquals(Status.VERIFIED, restart().status());
        Verification after = audit.verify();
        assertFalse(after.ok(), "acknowledging keeps the evidence: the anchor file still names the removed entry 10");
        assertEquals(10L, after.brokenAt(), after.reason());
        assertTrue(after.reason().startsWith("entry 10 was changed or replaced: line 2 of the anchor file"), after.reason());
    }

    @Test
    void removingTheNewestEntriesWhileThePlatformRunsIsFoundAtTheNextEntry() throws Exception {
        records(5);
        audit.checkpoint(); // anchors entry 5
        records(3);
        sql("DELETE FROM core_audit WHERE seq >= 7");
        records(1);
        assertEquals("BROKEN at 7: entries 7 to 8 are missing: this server wrote entry 8 last, but the newest entry is 6",
                audit.status().text());
        List<Entry> all = entries(db.dataSource);
        assertEquals(List.of("READ", AuditActions.AUDIT_ALARM, "READ"), all.subList(5, 8).stream().map(Entry::action).toList());
        assertEquals(AuditLog.FAILED, all.get(6).outcome());

        // the chain itself is intact (nothing was anchored after 5), but the alarm in it is not acknowledged
        Verification v = audit.verify();
        assertEquals(new Verification(false, 8, 7L, "entry 7 records an alarm not yet acknowledged: entries 7 to 8 are missing:"
                + " this server wrote entry 8 last, but the newest entry is 6"), v);
        assertEquals(State.BROKEN, restart().status().state(), "found again at the next start");

        db.actor.as("shell", () -> audit.acknowledge());
        assertEquals(Status.VERIFIED, audit.status());
        Entry ack = entries(db.dataSource).get(8);
        assertEquals(AuditActions.AUDIT_ACKNOWLEDGED, ack.action());
        assertEquals("shell", ack.actor());
        assertTrue(ack.detail().contains("entries 7 to 8 are missing"), ack.detail());
        assertEquals(new Verification(true, 9, null, null), audit.verify());
        assertEquals(Status.VERIFIED, restart().status());
        assertThrows(IllegalStateException.class, audit::acknowledge, "nothing to acknowledge");
    }

    @Test
    void aForgedAnchorLineIsFound() throws Exception {
        records(5);
        audit.close(); // anchors entry 5
        opened.remove(audit);
        String genuine = anchorLines().get(1);
        String[] f = genuine.split(" ");
        // the next anchor, in the right format, with a seal the forger had to guess
        String forged = "5 " + f[1] + " 2026-11-23T03:00:00Z " + f[3] + " " + "ab".repeat(32);
        Files.writeString(anchorFile(), forged + "\n", StandardOpenOption.APPEND);

        audit = start(db.dataSource);
        assertEquals("BROKEN: the last line of the anchor file is not sealed with the audit key: it was forged or damaged",
                audit.status().text());
        Verification v = audit.verify();
        assertEquals(new Verification(false, 5, null, "line 3 of the anchor file is not sealed with the audit key: it was forged or"
                + " damaged"), v);
    }

    @Test
    void anAnchorLineSealedWithAnotherKeyOrEditedIsFound() throws Exception {
        records(5);
        audit.close();
        opened.remove(audit);
        List<String> lines = anchorLines();
        // sealed properly, but with the forger's own key
        AuditKey own = AuditKey.random(new SecureRandom());
        Files.writeString(anchorFile(), AuditAnchor.line(own, 5, lines.get(1).split(" ")[1], START), StandardOpenOption.APPEND);
        audit = start(db.dataSource);
        assertEquals(State.BROKEN, audit.status().state(), "not KEY_MISSING: the entries are sealed with the key of the file");
        assertTrue(audit.verify().reason().startsWith("line 3 of the anchor file is not sealed with the audit key"));

        // a genuine line with its entry number changed
        Files.write(anchorFile(), List.of(lines.get(0), lines.get(1).replaceFirst("^5 ", "4 ")), StandardCharsets.US_ASCII);
        assertEquals("line 2 of the anchor file is not sealed with the audit key: it was forged or damaged", audit.verify().reason());
        Files.write(anchorFile(), List.of(lines.get(0), "not an anchor", lines.get(1)), StandardCharsets.US_ASCII);
        assertEquals("line 2 of the anchor file is not an anchor line (damaged or edited)", audit.verify().reason());
    }

    @Test
    void theTailIsCheckedAtEachStart() throws Exception {
        records(10);
        audit.checkpoint(); // anchors entry 10
        Path atTen = data.resolve("anchor-at-10");
        Files.copy(anchorFile(), atTen);
        records(3);
        audit.close();
        opened.remove(audit);
        Files.copy(atTen, anchorFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // as if it had crashed

        assertEquals(Status.VERIFIED, (audit = start(db.dataSource)).status(), "entries 10 to 13 checked");
        audit.close();
        opened.remove(audit);
        Files.copy(atTen, anchorFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        sql("UPDATE core_audit SET detail = 'nothing to see' WHERE seq = 12"); // after the anchor
        audit = start(db.dataSource);
        assertEquals("BROKEN at 12: entry 12 does not match its seal (changed after it was written, or sealed without the audit key)",
                audit.status().text());
    }

    @Test
    void theAnchoredEntryItselfIsChecked() throws Exception {
        records(10);
        restart(); // anchored at 10
        sql("UPDATE core_audit SET actor = 'someone-else' WHERE seq = 10");
        assertEquals("BROKEN at 10: entry 10 does not match its seal (changed after it was written, or sealed without the audit"
                + " key)", restart().status().text());
    }

    /**
     * What is not found, as the README says: entries after the last anchor removed while the platform was down after a
     * crash (a clean stop anchors the head). The start-up check sees a shorter chain that is whole.
     */
    @Test
    void theLimitEntriesRemovedAfterTheLastAnchorAfterACrash() throws Exception {
        records(5);
        audit.checkpoint();
        Path atFive = data.resolve("anchor-at-5");
        Files.copy(anchorFile(), atFive);
        records(3);
        audit.close();
        opened.remove(audit);
        Files.copy(atFive, anchorFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // crashed before anchoring 8
        sql("DELETE FROM core_audit WHERE seq >= 7");
        audit = start(db.dataSource);
        assertEquals(Status.VERIFIED, audit.status());
        assertEquals(new Verification(true, 6, null, null), audit.verify());
    }

    @Test
    void anchorsAfterEveryNEntriesAndAtShutdown() throws Exception {
        audit.close();
        opened.remove(audit);
        audit = start(db.dataSource, data, 5);
        records(12);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // anchoring runs on its own thread, and anchors the head it finds then (e.g. 9 when entry 9 committed just before
        // it ran): the promise is that fewer than 5 entries stay unanchored, not which entries are anchored
        while (12 - audit.anchoredSeq() >= 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(audit.anchoredSeq() >= 8, "at most 4 of 12 entries left unanchored: anchored " + audit.anchoredSeq());
        audit.close();
        opened.remove(audit);
        List<String> lines = anchorLines();
        assertTrue(lines.get(lines.size() - 1).startsWith("12 "), "the head at shutdown: " + lines);
        long[] seqs = lines.stream().mapToLong(l -> Long.parseLong(l.split(" ")[0])).toArray();
        for (int i = 1; i < seqs.length; i++) {
            assertTrue(seqs[i] > seqs[i - 1], "only when the head moved: " + lines);
        }
    }

    @Test
    void aLostAnchorFileIsReportedForThatStart() throws Exception {
        records(4);
        audit.close();
        opened.remove(audit);
        Files.delete(anchorFile()); // a data folder restored without audit/, or the file removed
        audit = start(db.dataSource);
        assertEquals("UNANCHORED: the anchor file has no anchor, although the entries are sealed: entries removed from the end"
                + " before this start cannot be detected", audit.status().text());
        assertTrue(audit.status().up());
        assertTrue(anchorLines().get(0).startsWith("4 "), "anchored again from here");
        assertEquals(Status.VERIFIED, restart().status());
    }

    @Test
    void anIncompleteLastLineIsRemovedAtStart() throws Exception {
        records(2);
        audit.close();
        opened.remove(audit);
        Files.writeString(anchorFile(), "3 0a1b", StandardOpenOption.APPEND); // a write cut short by a power failure
        audit = start(db.dataSource);
        assertEquals(Status.VERIFIED, audit.status());
        assertTrue(Files.readString(anchorFile()).endsWith("\n"));
        assertEquals(new Verification(true, 2, null, null), audit.verify());
    }

    // ---- the key

    @Test
    void aMissingKeyIsReportedAndNotReplaced() throws Exception {
        records(3);
        audit.close();
        opened.remove(audit);
        byte[] saved = Files.readAllBytes(keyFile());
        Files.delete(keyFile());

        audit = start(db.dataSource);
        Status s = audit.status();
        assertEquals(State.KEY_MISSING, s.state());
        assertFalse(s.up(), "nothing can be audited: /api/health answers 503");
        AuditKey kept = new AuditKey(HexFormat.of().parseHex(new String(saved, StandardCharsets.US_ASCII).strip()));
        assertEquals("KEY_MISSING: the audit key file is missing, but the audit entries are sealed with key "
                + kept.id() + ": restore the key file from the backup of the data folder's secrets/ folder (no new key is made,"
                + " so that the sealed entries stay verifiable)", s.text());
        assertFalse(Files.exists(keyFile()), "no new key was made");
        ApiServlet.HttpError refused = assertThrows(ApiServlet.HttpError.class, () -> audit.record(Event.of("LOGIN")));
        assertEquals(503, refused.status);
        assertEquals("audit_unavailable", refused.code);
        TestSupport.assertBilingual(new Messages().error("x", "error.audit_unavailable"));
        assertEquals(3, db.count("core_audit"), "nothing written");
        Verification v = audit.verify();
        assertFalse(v.ok());
        assertTrue(v.reason().startsWith("the anchor file cannot be checked: the audit key file is missing"), v.reason());

        audit.close();
        opened.remove(audit);
        Files.write(keyFile(), saved);
        assertEquals(Status.VERIFIED, (audit = start(db.dataSource)).status(), "the key is back");
    }

    @Test
    void aReplacedKeyFileIsReportedAsAMissingKey() throws Exception {
        records(3);
        audit.close();
        opened.remove(audit);
        AuditKey before = AuditKey.read(keyFile());
        Files.delete(keyFile());
        AuditKey other = AuditKey.create(keyFile(), new SecureRandom());
        audit = start(db.dataSource);
        assertEquals("KEY_MISSING: the audit entries and the anchor file are sealed with key " + before.id()
                + ", but the audit key file holds key " + other.id() + ": restore the key file that belongs to this database",
                audit.status().text());
    }

    @Test
    void theKeyFileMayBeNamedElsewhere() throws Exception {
        Path shared = Files.createDirectories(data.resolve("elsewhere")).resolve("shared.key");
        AuditKey key = AuditKey.create(shared, new SecureRandom());
        AuditLog log = new AuditLog(db.dataSource, db.actor, clock, new AuditLog.Storage(shared, false,
                data.resolve("node2").resolve("audit").resolve("anchor"), 1000, Duration.ofHours(1)));
        opened.add(log);
        assertEquals(Status.VERIFIED, log.awaitStartCheck());
        audit.close();
        opened.remove(audit);
        log.record(Event.of("LOGIN"));
        assertEquals(key.id(), entries(db.dataSource).get(0).keyId());
    }

    @Test
    void theKeyAndTheAnchorAreForTheServersUserOnly() throws Exception {
        assumeTrue(SecureFiles.posix(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))), "POSIX permissions");
        audit.close();
        opened.remove(audit);
        Path other = data.resolve("other");
        Files.createDirectories(other.resolve("secrets"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        audit = start(db.dataSource, other, 1000);
        audit.close();
        opened.remove(audit);
        assertEquals("rwx------", perms(other.resolve("secrets")), "an existing secrets folder is tightened");
        assertEquals("rw-------", perms(other.resolve("secrets").resolve("audit.key")));
        assertEquals("rwx------", perms(other.resolve("audit")));
        assertEquals("rw-------", perms(other.resolve("audit").resolve("anchor")));

        Files.setPosixFilePermissions(other.resolve("secrets").resolve("audit.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(other.resolve("audit").resolve("anchor"), PosixFilePermissions.fromString("rw-rw-r--"));
        audit = start(db.dataSource, other, 1000);
        assertEquals("rw-------", perms(other.resolve("secrets").resolve("audit.key")), "tightened at start");
        assertEquals("rw-------", perms(other.resolve("audit").resolve("anchor")));
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    // ---- upgrade, backup

    /**
     * A database from before this change: the schema of today's migrations (up to V11), entries written the way the
     * audit log wrote them then (plain SHA-256, {@link OldAuditLog}), no key and no anchor. After the upgrade they still
     * verify, the switch to the key is an entry of the chain, and rewriting an old entry breaks the chain at that entry.
     */
    @Test
    void entriesFromBeforeTheKeyStillVerify() throws Exception {
        org.h2.jdbcx.JdbcDataSource old = TestSupport.emptyDatabase("before_seal");
        Flyway.configure(FlywaySchemaMigrator.class.getClassLoader()).dataSource(old).table("core_schema_history")
                .locations("classpath:db/core").target("11?").failOnMissingLocations(false).load().migrate();
        try (Connection c = old.getConnection()) {
            for (int i = 1; i <= 7; i++) {
                OldAuditLog.append(c, START.plusSeconds(i), i % 2 == 0 ? "teacher-li" : "admin", "10.0.0." + i, "READ", "child",
                        Long.toString(i), (long) i, 1L, "OK", i == 3 ? null : "entry " + i);
            }
        }
        new FlywaySchemaMigrator(old); // the upgrade: V12
        Path upgraded = data.resolve("upgraded");
        AuditLog log = start(old, upgraded, 1000);
        assertEquals(Status.VERIFIED, log.status());
        assertTrue(Files.exists(upgraded.resolve("secrets").resolve("audit.key")), "the key is made on the first start");

        List<Entry> all = entries(old);
        assertEquals(8, all.size());
        assertTrue(all.subList(0, 7).stream().allMatch(e -> e.hashAlg().equals(AuditLog.SHA256) && e.keyId() == null));
        Entry keyed = all.get(7);
        assertEquals(AuditActions.AUDIT_KEY, keyed.action());
        assertEquals(AuditLog.HMAC, keyed.hashAlg());
        assertEquals(all.get(6).hash(), keyed.prevHash(), "the switch links to the last plain entry");
        assertEquals("entries from 8 on are sealed with HMAC-SHA256 under the audit key " + keyed.keyId()
                + "; entries 1 to 7 were written with plain SHA-256 hashes", keyed.detail());
        log.record(Event.of("LOGIN"));
        assertEquals(new Verification(true, 9, null, null), log.verify());
        log.close();
        opened.remove(log);
        assertEquals(Status.VERIFIED, (log = start(old, upgraded, 1000)).status(), "and at the next start");
        assertEquals(9, entries(old).size(), "the switch is written once");

        // rewriting an old entry and recomputing the plain hashes up to the switch: the sealed switch no longer links
        rewrite(old, 3, 7, AuditSealTest::plainSha256);
        assertEquals(new Verification(false, 7, 8L, "entry 8 does not link to the hash of entry 7"), log.verify());
    }

    /**
     * A backup copies the key and the anchor first, then the database; the database copy may hold entries newer than the
     * newest anchor of the copy. Restored into an empty data folder, it verifies.
     */
    @Test
    void aRestoredBackupWithAnOlderAnchorVerifies() throws Exception {
        records(5);
        audit.checkpoint(); // anchored at 5
        Path backup = Files.createDirectories(data.resolveSibling(data.getFileName() + "-backup"));
        copyTree(data.resolve("secrets"), backup.resolve("secrets"));
        copyTree(data.resolve("audit"), backup.resolve("audit"));
        records(4); // written between the copy of the files and the copy of the database
        Path script = backup.resolve("db.sql");
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SCRIPT TO '" + script + "'");
        }
        records(3); // after the backup: not in it

        org.h2.jdbcx.JdbcDataSource restored = TestSupport.emptyDatabase("restored");
        try (Connection c = restored.getConnection(); Statement st = c.createStatement()) {
            st.execute("RUNSCRIPT FROM '" + script + "'");
        }
        AuditLog log = start(restored, backup, 1000);
        assertEquals(Status.VERIFIED, log.status(), log.status().text());
        assertEquals(new Verification(true, 9, null, null), log.verify());
        log.record(Event.of("LOGIN"));
        assertEquals(new Verification(true, 10, null, null), log.verify());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /**
     * The audit log as it was before this change (its hash and insert, copied from it): the way the entries of an
     * existing database were written.
     */
    static final class OldAuditLog {
        private OldAuditLog() {
        }

        static String hash(Entry e) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Long micros = e.at() == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, e.at());
                for (Object field : new Object[] { "guanai-audit-1", e.prevHash(), e.seq(), micros, e.actor(), e.address(), e.action(),
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
            } catch (java.security.NoSuchAlgorithmException x) {
                throw new IllegalStateException(x);
            }
        }

        static void append(Connection c, Instant at, String actor, String address, String action, String entity, String entityId,
                Long childId, Long schoolId, String outcome, String detail) throws java.sql.SQLException {
            Entry last = Jdbc.one(c, "SELECT seq, hash FROM core_audit ORDER BY seq DESC LIMIT 1",
                    rs -> new Entry(rs.getLong(1), null, null, null, null, null, null, null, null, null, null, null, rs.getString(2),
                            null, null)).orElse(null);
            long seq = last == null ? 1 : last.seq() + 1;
            String prev = last == null ? AuditLog.GENESIS : last.hash();
            Entry e = new Entry(seq, at, actor, address, action, entity, entityId, childId, schoolId, outcome, detail, prev, null,
                    null, null);
            Jdbc.update(c, "INSERT INTO core_audit (seq, at, actor, address, action, entity, entity_id, child_id, school_id,"
                    + " outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", seq, at, actor, address,
                    action, entity, entityId, childId, schoolId, outcome, detail, prev, hash(e));
        }
    }

    @Test
    void theOldHashIsUnchanged() {
        Entry e = new Entry(3, START, "admin", null, "READ", "child", "3", 3L, null, "OK", "x", AuditLog.GENESIS, null, null, null);
        assertEquals(OldAuditLog.hash(e), AuditLog.legacyHash(e));
        assertNull(e.keyId());
    }
}
