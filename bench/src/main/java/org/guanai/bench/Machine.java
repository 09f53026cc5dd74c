package org.guanai.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine and JDK the benchmark runs on, and the JDK tools it uses (jcmd). */
final class Machine {
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private Machine() {
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** nproc, CPU model, memory, OS and {@code java -version}, one item a line. */
    static List<String> describe() {
        List<String> out = new ArrayList<>();
        String cpu = grep(Path.of("/proc/cpuinfo"), "model name");
        out.add("nproc: " + Runtime.getRuntime().availableProcessors());
        out.add("CPU: " + (cpu == null ? "unknown" : cpu));
        String mem = grep(Path.of("/proc/meminfo"), "MemTotal");
        if (mem != null) {
            long kb = Long.parseLong(mem.replaceAll("\\D", ""));
            out.add(String.format("memory: %.1f GiB (MemTotal %d kB)", kb / 1024.0 / 1024.0, kb));
        }
        out.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        out.add("load average at the start (1/5/15 min): " + loadAverage());
        String version = run(List.of(javaBinary().toString(), "-version"), 30);
        out.add("java -version: " + String.join(" | ", version.strip().lines().toList()));
        return out;
    }

    /** The first three fields of /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String grep(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return null;
    }

    /** Runs a short command, returns its output (stdout and stderr). */
    static String run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Heap after a full GC of process {@code pid}: {@code jcmd GC.run}, then {@code jcmd GC.heap_info}. */
    record Heap(long usedKb, long committedKb, String raw) {
        double usedMiB() {
            return usedKb / 1024.0;
        }
    }

    static Heap heapAfterFullGc(long pid) {
        run(List.of(jcmd().toString(), Long.toString(pid), "GC.run"), 60);
        String info = run(List.of(jcmd().toString(), Long.toString(pid), "GC.heap_info"), 60);
        return parseHeapInfo(info);
    }

    static Heap parseHeapInfo(String info) {
        Matcher m = HEAP.matcher(info);
        if (!m.find()) {
            return new Heap(-1, -1, info);
        }
        return new Heap(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), info);
    }

    /** Garbage collections so far ({@code jstat -gcutil}): young and full counts, total GC seconds; -1 when unknown. */
    record Gc(long young, long full, double seconds) {
    }

    static Gc gc(long pid) {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        return parseGcutil(run(List.of(jstat.toString(), "-gcutil", Long.toString(pid)), 30));
    }

    static Gc parseGcutil(String out) {
        List<String> lines = out.strip().lines().toList();
        if (lines.size() < 2) {
            return new Gc(-1, -1, -1);
        }
        List<String> names = List.of(lines.get(lines.size() - 2).trim().split("\\s+"));
        String[] values = lines.get(lines.size() - 1).trim().split("\\s+");
        try {
            return new Gc(Long.parseLong(values[names.indexOf("YGC")]), Long.parseLong(values[names.indexOf("FGC")]),
                    Double.parseDouble(values[names.indexOf("GCT")]));
        } catch (RuntimeException e) {
            return new Gc(-1, -1, -1);
        }
    }

    /** Resident set size of a Linux process in KiB, or -1. */
    static long rssKb(long pid) {
        String rss = grep(Path.of("/proc", Long.toString(pid), "status"), "VmRSS");
        return rss == null ? -1 : Long.parseLong(rss.replaceAll("\\D", ""));
    }

    /** @return the peak resident set size of a process (VmHWM), in KiB, or -1 */
    static long peakRssKb(long pid) {
        String hwm = grep(Path.of("/proc", Long.toString(pid), "status"), "VmHWM");
        return hwm == null ? -1 : Long.parseLong(hwm.replaceAll("\\D", ""));
    }
}
