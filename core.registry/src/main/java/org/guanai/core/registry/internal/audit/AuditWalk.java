package org.guanai.core.registry.internal.audit;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

import org.guanai.core.registry.internal.persistence.SecureFiles;

/**
 * Checks entries in sequence order: numbering, links, hashes and seals, that no plain entry follows a sealed one,
 * that each mark finds its entry with its hash, and that no mark is left after the newest entry (truncation). An
 * {@value AuditActions#AUDIT_ALARM} entry not followed by an {@value AuditActions#AUDIT_ACKNOWLEDGED} one fails it too.
 */
final class AuditWalk {
    private final AuditKey key;
    private final String keyProblem;
    private final Marks marks;
    private long expected;
    private String prev;
    private Long sealedSince;
    private Mark mark;
    private AuditLog.Entry alarm;
    long checked;
    AuditLog.Link head;

    /**
     * @param key         the audit key; {@code null} when it is missing ({@code keyProblem} says why)
     * @param from        the first entry to check
     * @param prev        the hash it must link to; {@code null}: accept its link (it is an anchored entry, checked by
     *                    its mark)
     * @param sealedSince the entry from which every entry must be sealed, if known
     */
    AuditWalk(AuditKey key, String keyProblem, long from, String prev, Long sealedSince, Marks marks) {
        this.key = key;
        this.keyProblem = keyProblem;
        this.expected = from;
        this.prev = prev;
        this.sealedSince = sealedSince;
        this.marks = marks;
        this.head = new AuditLog.Link(from - 1, prev == null ? AuditLog.GENESIS : prev);
        this.mark = nextMark();
        while (mark != null && mark.seq() < from) {
            if (mark.seq() == 0) {
                if (!AuditLog.GENESIS.equals(mark.hash())) {
                    throw new Broken(null, mark.says() + " with a hash other than 64 zeros");
                }
                this.sealedSince = 0L; // anchored empty: every entry is sealed
            }
            mark = nextMark();
        }
    }

    private Mark nextMark() {
        try {
            return marks.next();
        } catch (IOException e) {
            throw new Broken(null, "the anchor file cannot be read: " + SecureFiles.why(e));
        }
    }

    void row(AuditLog.Entry e) {
        long seq = e.seq();
        if (seq > expected) {
            throw new Broken(expected, "entry " + expected + " is missing (the next one is " + seq + ")");
        }
        if (seq < expected) {
            throw new Broken(expected, "entry " + seq + " is out of sequence (expected " + expected + ")");
        }
        if (prev != null && !prev.equals(e.prevHash())) {
            throw new Broken(seq, "entry " + seq + " does not link to the hash of entry " + (seq - 1));
        }
        if (AuditLog.SHA256.equals(e.hashAlg())) {
            if (sealedSince != null) {
                throw new Broken(seq, "entry " + seq + " has a plain SHA-256 hash, but the chain is sealed with the audit key"
                        + (sealedSince == 0 ? " from the start" : " from entry " + sealedSince + " on") + ": it was rewritten");
            }
            if (!AuditLog.legacyHash(e).equals(e.hash())) {
                throw new Broken(seq, "entry " + seq + " does not match its hash (changed after it was written)");
            }
        } else if (AuditLog.HMAC.equals(e.hashAlg())) {
            if (key == null) {
                throw new Broken(seq, "entry " + seq + " is sealed and cannot be checked: " + keyProblem);
            }
            if (!key.id().equals(e.keyId())) {
                throw new Broken(seq, "entry " + seq + " is sealed with key " + e.keyId() + ", not with the audit key " + key.id()
                        + " (written without the key, or the key file was replaced)");
            }
            if (!key.sealed(AuditLog.sealedContent(e), e.hash())) {
                throw new Broken(seq, "entry " + seq + " does not match its seal (changed after it was written, or"
                        + " sealed without the audit key)");
            }
            if (sealedSince == null) {
                sealedSince = seq;
            }
        } else {
            throw new Broken(seq, "entry " + seq + " names an unknown hash algorithm: " + e.hashAlg());
        }
        if (mark != null && mark.seq() == seq) {
            matches(e);
        }
        if (AuditActions.AUDIT_ALARM.equals(e.action())) {
            alarm = e;
        } else if (AuditActions.AUDIT_ACKNOWLEDGED.equals(e.action())) {
            alarm = null;
        }
        prev = e.hash();
        head = new AuditLog.Link(seq, e.hash());
        expected++;
        checked++;
        while (mark != null && mark.seq() == seq) {
            mark = nextMark();
            if (mark != null && mark.seq() == seq) {
                matches(e); // the same entry anchored again
            }
        }
    }

    private void matches(AuditLog.Entry e) {
        if (!mark.hash().equals(e.hash())) {
            throw new Broken(e.seq(), "entry " + e.seq() + " was changed or replaced: " + mark.says() + " with another hash");
        }
    }

    /** @param newestInTable the newest entry in the table, for when none was walked */
    void end(long newestInTable) {
        if (mark != null) {
            long newest = checked > 0 ? expected - 1 : Math.min(newestInTable, expected - 1);
            throw new Broken(newest + 1, (mark.seq() == newest + 1 ? "entry " + mark.seq() + " is"
                    : "entries " + (newest + 1) + " to " + mark.seq() + " are") + " missing: " + mark.says()
                    + ", but the newest entry is " + newest);
        }
        if (alarm != null) {
            throw new Broken(alarm.seq(), "entry " + alarm.seq() + " records an alarm not yet acknowledged: " + alarm.detail());
        }
    }

    /**
     * A place the chain must pass: an anchor line, or the entry this server wrote last.
     *
     * @param names what says so, with {@code %d} for the sequence number: "this server wrote entry %d last"
     */
    record Mark(long seq, String hash, String names) {
        String says() {
            return String.format(names, seq);
        }
    }

    @FunctionalInterface
    interface Marks {
        /** @return the next mark in sequence order, or {@code null} */
        Mark next() throws IOException;
    }

    /** What a check found wrong; thrown out of the walk. */
    static final class Broken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Long at;
        final String reason;

        Broken(Long at, String reason) {
            super(reason, null, false, false);
            this.at = at;
            this.reason = reason;
        }
    }

    /** The lines of the anchor file as marks: each must be an anchor line, sealed with the key, not going back. */
    static Marks fileMarks(AuditAnchor.Lines lines, AuditKey key, String keyProblem) {
        long[] previous = { -1 };
        return () -> {
            AuditAnchor.Line line;
            try {
                line = lines.next();
            } catch (AuditAnchor.Malformed m) {
                throw new Broken(null, "line " + m.number + " of the anchor file is not an anchor line (damaged or edited)");
            }
            if (line == null) {
                return null;
            }
            if (key == null) {
                throw new Broken(null, "the anchor file cannot be checked: " + keyProblem);
            }
            if (!line.sealedBy(key)) {
                throw new Broken(null, "line " + line.number() + " of the anchor file is not sealed with the audit key: it was forged or"
                        + " damaged");
            }
            if (line.seq() < previous[0]) {
                throw new Broken(null, "line " + line.number() + " of the anchor file goes back to entry "
                        + line.seq() + " after entry " + previous[0]);
            }
            previous[0] = line.seq();
            return new Mark(line.seq(), line.hash(), "line " + line.number() + " of the anchor file (written " + line.at()
                    + ") names entry %d");
        };
    }

    /** {@code marks} with the entry this server wrote last put in its place. */
    static Marks withWritten(Marks marks, AuditLog.Link written) {
        if (written == null || written.seq() == 0) {
            return marks;
        }
        Mark mine = new Mark(written.seq(), written.hash(), AuditLog.WROTE_LAST);
        Mark[] peeked = { null };
        boolean[] given = { false };
        return () -> {
            Mark next = peeked[0] != null ? peeked[0] : marks.next();
            peeked[0] = null;
            if (!given[0] && (next == null || next.seq() > mine.seq())) {
                given[0] = true;
                peeked[0] = next;
                return mine;
            }
            return next;
        };
    }


    /** The marks of a list, in its order. */
    static Marks of(List<Mark> list) {
        Iterator<Mark> it = list.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }
}
