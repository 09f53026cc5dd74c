package org.guanai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How busy the whole machine is, from {@code /proc/stat}, against the CPU of the benchmark's own processes: what the
 * rest of the machine uses ("foreign" CPU) skews every number, so the runner waits for a quiet machine before each
 * measurement (within a budget) and reports the foreign CPU it saw during each.
 */
final class CpuMeter {
    /** A process (or a group of them) of the benchmark's own: a server under test, the PostgreSQL cluster it started. */
    interface Cpu {
        /** CPU time used so far (user + system), in nanoseconds, or -1 when unknown. */
        long cpuNanos();
    }

    /** Linux USER_HZ: /proc/stat counts in 1/100 s. */
    private static final double JIFFY_NANOS = 10_000_000;

    private final long wall0;
    private final long busy0;
    private final long ours0;
    private final Cpu[] servers;

    private CpuMeter(Cpu... servers) {
        this.servers = servers;
        this.wall0 = System.nanoTime();
        this.busy0 = busyJiffies();
        this.ours0 = ours(servers);
    }

    /** Starts measuring; {@code servers} are the benchmark's own processes alive during the interval. */
    static CpuMeter start(Cpu... servers) {
        return new CpuMeter(servers);
    }

    /** Cores used by other processes since {@link #start}, or NaN when /proc/stat cannot be read. */
    double foreignCores() {
        long busy = busyJiffies();
        if (busy < 0 || busy0 < 0) {
            return Double.NaN;
        }
        double wall = System.nanoTime() - wall0;
        double machine = (busy - busy0) * JIFFY_NANOS;
        double ours = ours(servers) - ours0;
        return Math.max(0, (machine - ours) / wall);
    }

    /** Our CPU: this JVM and the given servers, in nanoseconds. */
    private static long ours(Cpu... servers) {
        long n = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        for (Cpu s : servers) {
            n += Math.max(0, s.cpuNanos());
        }
        return n;
    }

    /** Busy jiffies of all CPUs (user, nice, system, irq, softirq, steal), or -1. */
    static long busyJiffies() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            if (!f[0].equals("cpu")) {
                return -1;
            }
            long busy = 0;
            int[] fields = { 1, 2, 3, 6, 7, 8 };
            for (int i : fields) {
                if (i < f.length) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Budget, shared by a whole run, for waiting for a quiet machine. */
    static final class Quiet {
        private final double maxForeignCores;
        private long budgetNanos;

        Quiet(double maxForeignCores, Duration budget) {
            this.maxForeignCores = maxForeignCores;
            this.budgetNanos = budget.toNanos();
        }

        /**
         * Waits, one second at a time, until other processes use less than the threshold, or the budget is spent.
         * Returns the foreign cores of the last second.
         */
        double await(String before, Cpu... servers) throws InterruptedException {
            boolean said = false;
            while (true) {
                CpuMeter m = CpuMeter.start(servers);
                long t0 = System.nanoTime();
                Thread.sleep(1000);
                double foreign = m.foreignCores();
                if (Double.isNaN(foreign) || foreign < maxForeignCores) {
                    return foreign;
                }
                if (said) {
                    budgetNanos -= System.nanoTime() - t0;
                }
                if (budgetNanos <= 0) {
                    System.err.printf(Locale.ROOT, "bench: other processes use %.2f cores; no waiting budget left, measuring %s anyway%n",
                            foreign, before);
                    return foreign;
                }
                if (!said) {
                    System.err.printf(Locale.ROOT, "bench: other processes use %.2f cores: waiting for a quieter machine before %s%n",
                            foreign, before);
                    said = true;
                }
            }
        }
    }
}
