package org.guanai.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The runner's helpers, without any server. */
class HelpersTest {

    private static HttpConnection.Reader reader(String wire) {
        return new HttpConnection.Reader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsKeptAliveResponsesOneAfterTheOther() throws IOException {
        HttpConnection.Reader r = reader("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
                + "{\"status\":\"UP\"}HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
        HttpConnection.Response first = r.response();
        assertEquals(200, first.status());
        assertEquals("{\"status\":\"UP\"}", first.text());
        assertFalse(first.close());
        HttpConnection.Response second = r.response();
        assertEquals(404, second.status());
        assertEquals(0, second.body().length);
        assertThrows(EOFException.class, r::response);
    }

    @Test
    void readsChunkedBodiesAndConnectionClose() throws IOException {
        HttpConnection.Response r = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n").response();
        assertEquals("{\"a\":1}", r.text());
        assertTrue(r.close());
    }

    @Test
    void readsUntilCloseWithoutALength() throws IOException {
        HttpConnection.Response r = reader("HTTP/1.0 503 Service Unavailable\r\n\r\ndown").response();
        assertEquals(503, r.status());
        assertEquals("down", r.text());
        assertTrue(r.close());
    }

    @Test
    void medianAndPercentiles() {
        assertEquals(3.0, Stats.median(new long[] { 5, 1, 3 }));
        assertEquals(2.5, Stats.median(new long[] { 4, 1, 3, 2 }));
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, Stats.percentile(sorted, 50));
        assertEquals(99, Stats.percentile(sorted, 99));
        assertEquals(100, Stats.percentile(sorted, 100));
        assertEquals(7, Stats.percentile(new long[] { 7 }, 99));
    }

    @Test
    void longListUnionIsSorted() {
        Stats.LongList a = new Stats.LongList();
        Stats.LongList b = new Stats.LongList();
        for (int i = 0; i < 5000; i++) {
            a.add(10_000 - i);
            b.add(i);
        }
        long[] all = Stats.LongList.sortedUnion(java.util.List.of(a, b));
        assertEquals(10_000, all.length);
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i - 1] <= all[i]);
        }
    }

    @Test
    void idNumbersCarryTheGb11643CheckCharacter() {
        String id = BulkLoad.idNumber(LocalDate.of(2016, 3, 7), 13);
        assertEquals(18, id.length());
        assertTrue(id.startsWith(BulkLoad.REGION + "20160307013"));
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * w[i];
        }
        assertEquals("10X98765432".charAt(sum % 11), id.charAt(17));
    }

    @Test
    void parsesG1HeapInfo() {
        Machine.Heap h = Machine.parseHeapInfo("12345:\n garbage-first heap   total 262144K, used 38912K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 2 young (2048K), 0 survivors (0K)\n");
        assertEquals(38912, h.usedKb());
        assertEquals(262144, h.committedKb());
        assertEquals(-1, Machine.parseHeapInfo("AttachNotSupportedException").usedKb());
    }

    @Test
    void parsesJstatGcutil() {
        Machine.Gc gc = Machine.parseGcutil("  S0     S1     E      O      M     CCS    YGC     YGCT    FGC    FGCT    CGC    CGCT     GCT   \n"
                + "  0.00 100.00  41.18  22.74  96.64  91.13     12    0.074     1    0.020     4    0.003    0.097\n");
        assertEquals(12, gc.young());
        assertEquals(1, gc.full());
        assertEquals(0.097, gc.seconds(), 1e-9);
        assertEquals(-1, Machine.parseGcutil("12345 not found").full());
    }

    @Test
    void postgresUrlsNameTheBenchmarksDatabaseAndKeepTheirParameters() {
        assertEquals("jdbc:postgresql://db:5433/guanai_bench_7?user=u&password=p%26q",
                PgBench.withDatabase("jdbc:postgresql://db:5433/postgres?user=u&password=p%26q", "guanai_bench_7"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/b", PgBench.withDatabase("jdbc:postgresql://127.0.0.1:5432/", "b"));
        assertEquals("jdbc:postgresql://h/b?ssl=true", PgBench.withDatabase("jdbc:postgresql://h?ssl=true", "b"));
        assertThrows(IllegalArgumentException.class, () -> PgBench.withDatabase("jdbc:h2:mem:x", "b"));
        assertEquals("county", PgBench.maintenanceDatabase("jdbc:postgresql://h:1/county?user=u"));
        assertEquals("postgres", PgBench.maintenanceDatabase("jdbc:postgresql://h:1/?user=u"));
        assertEquals("postgres", PgBench.maintenanceDatabase("jdbc:postgresql://h:1"));
        assertTrue(PgBench.databaseName().matches("guanai_bench_\\d+"), PgBench.databaseName());
    }

    @Test
    void postgresRequestsAreTheConsolesAndDrawDeepPages() {
        assertEquals("/api/children?q=%E7%8E%8B%E6%B5%A9&school=1&page=0&size=20", PgBench.searchPath("王浩", 1, 20));
        assertEquals("/api/children?q=a+b%26c&school=2&page=0&size=20", PgBench.searchPath("a b&c", 2, 20));
        PgBench.BigClass k = new PgBench.BigClass(1, 3, 83_000);
        assertEquals("/api/children?school=1&class=3&page=4149&size=20", PgBench.classPagePath(k, 4149, 20));
        long[] deep = PgBench.deepPages(83_000, 20); // 4 150 pages: from the middle to the last
        assertEquals(2075, deep[0]);
        assertEquals(4149, deep[1]);
        long[] one = PgBench.deepPages(5, 20);
        assertEquals(0, one[0]);
        assertEquals(0, one[1]);
        long[] none = PgBench.deepPages(0, 20);
        assertEquals(0, none[0]);
        assertEquals(0, none[1]);
    }

    @Test
    void postgresReportFileIsNamedAfterTheChildren() {
        assertEquals("postgres-1m.md", PgBench.resultFile(1_000_000));
        assertEquals("postgres-50k.md", PgBench.resultFile(50_000));
        assertEquals("postgres-1234.md", PgBench.resultFile(1234));
    }

    @Test
    void parsesProcStatTimesAfterACommandWithSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
        long[] t = PgCluster.parseStatTimes("4242 (postgres: (x) y) S 1 4242 4242 0 -1 4194560 900 5000 0 3 120 45 6000 700 20 0 1");
        assertEquals(120, t[0]);
        assertEquals(45, t[1]);
        assertEquals(6000, t[2]);
        assertEquals(700, t[3]);
        assertEquals(null, PgCluster.parseStatTimes("4242 (short) S 1 2"));
        assertEquals(null, PgCluster.parseStatTimes("garbage"));
    }

    @Test
    void postgresOptions() {
        Bench.Options quick = Bench.Options.parse(new String[] { "--postgres", "--quick" });
        assertTrue(quick.postgres());
        assertEquals(null, quick.postgresUrl());
        assertEquals(20_000, quick.pgChildren());
        Bench.Options url = Bench.Options.parse(new String[] { "--postgres-url", "jdbc:postgresql://h/db", "--pg-settings",
                "shared_buffers=1GB  work_mem=8MB" });
        assertTrue(url.postgres(), "--postgres-url alone runs the PostgreSQL rows");
        assertEquals(1_000_000, url.pgChildren());
        assertEquals(java.util.List.of("shared_buffers=1GB", "work_mem=8MB"), url.pgSettings());
        assertFalse(Bench.Options.parse(new String[0]).postgres());
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] { "--pg-children", "1000001" }));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse(new String[] { "--pg-children", "0" }));
    }
}
