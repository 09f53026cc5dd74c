package org.guanai.core.registry.internal.registry;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
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
 * a page are always read live. At most {@code capacity} queries are kept (then all are dropped): a cache of derived
 * numbers, so losing it costs one count.
 */
final class ListTotals {
    private final long maxAgeNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** A query: its condition and arguments. */
    record Key(String where, List<Object> args) {
    }

    private record Entry(long total, long generation, long at) {
    }

    /** A count that may fail with an {@link SQLException}. */
    @FunctionalInterface
    interface Count {
        long count() throws SQLException;
    }

    ListTotals(long maxAgeNanos, int capacity, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAgeNanos;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** @return the kept total of the query, or a new count (then kept) when none is kept or it is too old */
    long total(Key key, Count count) throws SQLException {
        long now = nanoClock.getAsLong();
        long gen = generation.get();
        Entry e = entries.get(key);
        if (e != null && e.generation == gen && now - e.at <= maxAgeNanos) {
            return e.total;
        }
        long total = count.count();
        put(key, total, gen, now);
        return total;
    }

    /** A total known exactly (e.g. from a last page that came back short): kept for the query. */
    void known(Key key, long total) {
        put(key, total, generation.get(), nanoClock.getAsLong());
    }

    /** This node wrote a child: no kept total is trusted any more. */
    void changed() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void put(Key key, long total, long gen, long now) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry(total, gen, now));
    }
}
