package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Audited reads are written off the request path (issue 18): a {@code kill -9} during reads loses at most the entries of
 * the reads answered in the last flush interval (the README's bound: 100 ms). Four clients read children in full as the
 * county administrator (each read audited); the process is killed while they read; after a restart every read answered
 * more than 100 ms before the kill has its entry, and there are no more entries than reads sent.
 */
class AuditedReadsCrashIT {
    /** The bound the README states for what a {@code kill -9} can lose. */
    private static final long BOUND_NANOS = 100_000_000L;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aKillLosesAtMostTheLastFlushIntervalOfReadEntries() throws Exception {
        try (GuanaiProcess g = new GuanaiProcess(Jars.guanai(), tmp.resolve("data"), Map.of("GUANAI_DEMO", "true"))) {
            g.start();
            JsonNode items = json.readTree(g.get("/api/children?size=20").body()).get("items");
            List<Long> ids = new ArrayList<>();
            items.forEach(c -> ids.add(c.get("id").asLong()));
            assertEquals(20, ids.size());
            long before = readEntries(g);

            ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int reader = r;
                Thread t = new Thread(() -> {
                    for (int i = reader; !stop.get(); i++) {
                        try {
                            sent.incrementAndGet();
                            HttpResponse<String> res = g.get("/api/children/" + ids.get(i % ids.size()));
                            long at = System.nanoTime();
                            if (res.statusCode() == 200) {
                                answered.add(at);
                            }
                        } catch (Exception killed) {
                            return; // the server is gone
                        }
                    }
                }, "reader-" + r);
                t.start();
                readers.add(t);
            }
            while (answered.size() < 300) {
                Thread.sleep(10);
            }
            long killedAt = System.nanoTime();
            g.kill();
            stop.set(true);
            for (Thread t : readers) {
                t.join(30_000);
            }

            g.start();
            long entries = readEntries(g) - before;
            long dueBeforeKill = answered.stream().filter(at -> at < killedAt - BOUND_NANOS).count();
            assertTrue(entries >= dueBeforeKill, "every read answered more than 100 ms before the kill is audited: " + entries
                    + " entries, " + dueBeforeKill + " such reads (" + answered.size() + " answered in all)");
            assertTrue(entries <= sent.get(), "no more entries than reads: " + entries + " > " + sent.get());
            JsonNode verified = json.readTree(g.get("/api/audit/verify").body());
            assertTrue(verified.get("ok").asBoolean(), verified.toString());
        }
    }

    /** How many READ entries of the county administrator the audit log holds. */
    private long readEntries(GuanaiProcess g) throws Exception {
        HttpResponse<String> r = g.get("/api/audit?action=READ&user=admin&size=1");
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body()).get("total").asLong();
    }
}
