package org.guanai.plugin.birthdays.internal;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Benchmark (not a test; run by {@code plugin.birthdays/bench/run}): upcoming birthdays among 1 000 000 children with
 * the {@link BirthdayIndex} (buckets by day of the year per calendar) against the naive scan that computes each child's
 * birthday by the same rules ({@link BirthdayIndex#scan}), measured in the same run on the same data. Both must find
 * the same birthdays (count and checksum), or the run fails. Prints a markdown table; target: index under 20 ms.
 */
public final class BirthdayBench {
    private BirthdayBench() {
    }

    /** One query: the index it runs on, its window, mode and filter. */
    private record Query(String name, BirthdayIndex index, LocalDate from, LocalDate to, BirthdayIndex.Mode mode, IntPredicate filter) {
    }

    private static long[] run(Query q, boolean scan) {
        BirthdayIndex index = q.index();
        long[] acc = new long[2];
        BirthdayIndex.Hits h = (p, d, c) -> {
            acc[0]++;
            acc[1] += p * 31L + d.toEpochDay() * 7 + c.ordinal();
        };
        if (scan) {
            index.scan(q.from(), q.to(), q.mode(), q.filter(), h);
        } else {
            index.query(q.from(), q.to(), q.mode(), q.filter(), h);
        }
        return acc;
    }

    private static double[] time(Query q, boolean scan, int reps, long[] expect) {
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            long[] r = run(q, scan);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (r[0] != expect[0] || r[1] != expect[1]) {
                throw new IllegalStateException(q.name() + ": index and scan disagree: " + Arrays.toString(r) + " vs " + Arrays.toString(expect));
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int scanReps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        LunarCalendar lunar = new LunarCalendar();
        Random random = new Random(20261123L);
        int[] classOf = new int[n];
        int[] schoolOf = new int[n];
        BirthdayIndex.Builder b = new BirthdayIndex.Builder(lunar);
        BirthdayIndex.Builder oneSchool = new BirthdayIndex.Builder(lunar);
        LocalDate first = LocalDate.of(2008, 9, 1);
        int span = (int) (LocalDate.of(2021, 8, 31).toEpochDay() - first.toEpochDay());
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            // about a third of the families keep the lunar birthday; 1 000 schools of 20 classes
            LocalDate birth = first.plusDays(random.nextInt(span));
            CalendarKind cal = random.nextInt(3) == 0 ? CalendarKind.LUNAR : CalendarKind.SOLAR;
            b.add(birth, cal);
            schoolOf[i] = random.nextInt(1000);
            classOf[i] = schoolOf[i] * 20 + random.nextInt(20);
            if (schoolOf[i] == 417) {
                oneSchool.add(birth, cal); // the platform keeps one index per school (its roster)
            }
        }
        BirthdayIndex index = b.build();
        BirthdayIndex school = oneSchool.build();
        double buildMs = (System.nanoTime() - t0) / 1e6;

        LocalDate today = LocalDate.of(2026, 11, 23);
        Query[] queries = { new Query("next 7 days, all 1M, family calendar", index, today, today.plusDays(6), BirthdayIndex.Mode.FAMILY, p -> true),
                new Query("next 30 days, all 1M, family calendar", index, today, today.plusDays(29), BirthdayIndex.Mode.FAMILY, p -> true),
                new Query("30 days over 春节 2027, all 1M, lunar", index, LocalDate.of(2027, 1, 25), LocalDate.of(2027, 2, 23),
                        BirthdayIndex.Mode.LUNAR, p -> true),
                new Query("next 30 days, one class (~50) of the 1M, family", index, today, today.plusDays(29), BirthdayIndex.Mode.FAMILY,
                        p -> classOf[p] == 8345),
                new Query("next 30 days, one school's own index (" + school.size() + "), family", school, today, today.plusDays(29),
                        BirthdayIndex.Mode.FAMILY, p -> true) };

        StringBuilder out = new StringBuilder();
        Runtime rt = Runtime.getRuntime();
        out.append("machine: ").append(rt.availableProcessors()).append(" cores, load average ")
                .append(String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).append(", Java ")
                .append(System.getProperty("java.version")).append(", -Xmx ").append(rt.maxMemory() >> 20).append(" MB\n");
        out.append("children: ").append(n).append(" (births 2008-09 … 2021-08, 1/3 lunar), index built in ")
                .append(String.format("%.0f", buildMs)).append(" ms (lunar dates of birth included)\n\n");
        out.append("| query | birthdays found | index median ms | index p90 ms | index p99 ms | naive scan median ms | scan / index (medians) | index median < 20 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Query q : queries) {
            long[] expect = run(q, true);
            // warm-up
            for (int i = 0; i < 20; i++) {
                run(q, false);
            }
            run(q, true);
            double[] idx = time(q, false, reps, expect);
            double[] scan = time(q, true, scanReps, expect);
            double im = pct(idx, 0.5);
            double sm = pct(scan, 0.5);
            out.append(String.format("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.0f× | %s |%n", q.name(), expect[0], im, pct(idx, 0.9),
                    pct(idx, 0.99), sm, sm / im, im < 20 ? "yes" : "NO"));
        }
        out.append("\nindex: ").append(reps).append(" runs per query after 20 warm-up runs; naive scan: ").append(scanReps)
                .append(" runs. Both find the same birthdays (count and checksum checked on every run).\n");
        System.out.print(out);
    }
}
