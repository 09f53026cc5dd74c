package org.guanai.core.registry.internal.registry;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@code total} of recent list queries, so that a page of a long list does not count the whole list each time
 * (with 100 000 children a count walks 50 000 index entries per school, and a guardian filter looks each one up).
 *
 * <p>A total is kept per query (its SQL condition and arguments, which include the caller's reach) for at most
 * {@code maxAgeNanos}, and dropped at once when this node writes a child ({@link #changed()}). Another node's writes
 * (or a guardian added meanwhile, for the guardian-kind filter) show in the total after at most that age; the rows of
 * a page are always read live. For a deep page of one school's list the kept listing also holds the key of every
 * {@link ChildPages#ANCHOR_EVERY}-th row, from which {@link ChildPages} seeks to the page on the index instead of
 * skipping every row before it. At most {@code capacity} queries are kept (then all are dropped): a cache of derived
 * numbers, so losing it costs one count or one scan of the list's index.
 */
final class ListTotals {
    private final long maxAgeNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** The scans running now, one per query: concurrent deep pages of one list wait for it instead of each scanning. */
    private final Map<Key, CompletableFuture<Listing>> scanning = new ConcurrentHashMap<>();
    /** The counts running now, one per query (a filter's total over a school of 50,000), likewise. */
    private final Map<Key, CompletableFuture<Listing>> counting = new ConcurrentHashMap<>();

    /** A query: its condition and arguments. */
    record Key(String where, List<Object> args) {
    }

    /** The key of a row in the children page's order within one school: its class (null last), name and id. */
    record Anchor(long schoolId, Long classId, String name, long id) {
    }

    /** A list's total and, when scanned, the key of every {@link ChildPages#ANCHOR_EVERY}-th row (the first at position 0). */
    record Listing(long total, List<Anchor> anchors) {
    }

    private record Entry(Listing listing, long generation, long at) {
    }

    /** A count that may fail with an {@link SQLException}. */
    @FunctionalInterface
    interface Count {
        long count() throws SQLException;
    }

    /** A scan of the list's keys that may fail with an {@link SQLException}. */
    @FunctionalInterface
    interface Scan {
        Listing scan() throws SQLException;
    }

    ListTotals(long maxAgeNanos, int capacity, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAgeNanos;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /**
     * @return the kept total of the query, or a new count (then kept) when none is kept or it is too old; while a count
     *         of the same query runs, its result
     */
    long total(Key key, Count count) throws SQLException {
        return once(counting, key, l -> true, () -> new Listing(count.count(), null)).total();
    }

    /**
     * @return the kept listing of the query with its anchors, or a new scan (then kept); while a scan of the same query
     *         runs, its result (16 clients on deep pages of one school: one scan of 50,000 keys when the kept one is too
     *         old, not 16 at once)
     */
    Listing listing(Key key, Scan scan) throws SQLException {
        return once(scanning, key, l -> l.anchors() != null, scan);
    }

    /**
     * The kept listing of the query if {@code usable}, else the result of {@code work} (then kept); while {@code work} for
     * the same query runs on another thread, its result.
     */
    private Listing once(Map<Key, CompletableFuture<Listing>> running, Key key, java.util.function.Predicate<Listing> usable, Scan work)
            throws SQLException {
        Listing kept = kept(key, usable);
        if (kept != null) {
            return kept;
        }
        CompletableFuture<Listing> mine = new CompletableFuture<>();
        CompletableFuture<Listing> other = running.putIfAbsent(key, mine);
        if (other != null) {
            try {
                return other.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof SQLException q) {
                    throw q;
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            // another thread's work may have ended between the look-up above and putIfAbsent: it kept its result first
            Listing l = kept(key, usable);
            if (l == null) {
                long now = nanoClock.getAsLong();
                long gen = generation.get();
                l = work.scan();
                put(key, l, gen, now);
            }
            mine.complete(l);
            return l;
        } catch (SQLException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    private Listing kept(Key key, java.util.function.Predicate<Listing> usable) {
        Entry e = fresh(key, generation.get(), nanoClock.getAsLong());
        return e != null && usable.test(e.listing) ? e.listing : null;
    }

    /** A total known exactly (e.g. from a last page that came back short): kept for the query (its anchors too). */
    void known(Key key, long total) {
        long now = nanoClock.getAsLong();
        long gen = generation.get();
        Entry e = fresh(key, gen, now);
        if (e == null || e.listing.total() != total) {
            put(key, new Listing(total, null), gen, now);
        }
    }

    private Entry fresh(Key key, long gen, long now) {
        Entry e = entries.get(key);
        return e != null && e.generation == gen && now - e.at <= maxAgeNanos ? e : null;
    }

    /** This node wrote a child: no kept total is trusted any more. */
    void changed() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void put(Key key, Listing listing, long gen, long now) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry(listing, gen, now));
    }
}
