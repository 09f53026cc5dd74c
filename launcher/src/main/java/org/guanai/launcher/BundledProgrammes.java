package org.guanai.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The programme bundles shipped inside guanai.jar (随平台发布的项目模块): resources {@code programmes/<name>.jar}, listed
 * with their SHA-256 in {@code programmes/programmes.sha256} (written by the build, checksum-maven-plugin, in the format
 * of {@code sha256sum}). At every start they are copied to {@code <data>/bundled}, replacing what a previous version of
 * the platform left there, the directory is named in {@value #PROPERTY} for the core's module administration, which
 * installs each once and respects an admin's later uninstall, and the recorded digests are handed to the core in
 * {@value #DIGESTS_PROPERTY} ({@code <name>=<hex>,…}): the core installs a jar of that directory only if it still has
 * the digest recorded for its name, so a jar changed on disk is never installed. They are not run bundles: admins update,
 * stop and remove them like any other programme.
 */
final class BundledProgrammes {
    static final String PROPERTY = "guanai.modules.bundled";
    static final String DIGESTS_PROPERTY = "guanai.modules.bundled.sha256";
    static final String LIST = "programmes/programmes.sha256";
    /** A line of {@code sha256sum}: the digest, a space, a space or {@code *} (binary), the name. */
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *]([A-Za-z0-9._-]+\\.jar)");

    /** A shipped jar and the SHA-256 recorded for it when guanai.jar was built (lower-case hex). */
    record Listed(String name, String sha256) {
    }

    private BundledProgrammes() {
    }

    /** @return the jars and digests of the build's list, none when there is no list */
    static List<Listed> listed(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(LIST)) {
            if (in == null) {
                return List.of();
            }
            List<Listed> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\\R")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(l);
                if (!m.matches()) {
                    throw new IOException("bad line in " + LIST + ": " + l);
                }
                out.add(new Listed(m.group(2), m.group(1).toLowerCase(java.util.Locale.ROOT)));
            }
            return out;
        }
    }

    /**
     * Copies the listed jars into {@code dir} (written to a temporary file and moved, so a crash leaves no half jar),
     * removes jars the platform no longer ships, and hands the recorded digests to the core ({@value #DIGESTS_PROPERTY},
     * unless it is set already).
     *
     * @return how many jars the directory holds
     * @throws IOException also when a listed jar is missing from guanai.jar or does not have its recorded digest
     */
    static int extract(ClassLoader loader, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Listed> listed = listed(loader);
        List<String> names = listed.stream().map(Listed::name).toList();
        for (Listed jar : listed) {
            byte[] bytes;
            try (InputStream in = loader.getResourceAsStream("programmes/" + jar.name())) {
                if (in == null) {
                    throw new IOException(LIST + " names programmes/" + jar.name() + ", which guanai.jar does not contain");
                }
                bytes = in.readAllBytes();
            }
            if (!sha256(bytes).equals(jar.sha256())) {
                throw new IOException("programmes/" + jar.name() + " in guanai.jar does not have the SHA-256 recorded when it was"
                        + " built (" + jar.sha256() + "): guanai.jar is damaged");
            }
            Path target = dir.resolve(jar.name());
            if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, jar.name(), ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> !names.contains(p.getFileName().toString())).forEach(stale::add);
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
        if (System.getProperty(DIGESTS_PROPERTY) == null) {
            System.setProperty(DIGESTS_PROPERTY, listed.stream().map(j -> j.name() + "=" + j.sha256()).collect(Collectors.joining(",")));
        }
        return names.size();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
