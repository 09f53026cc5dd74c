package org.guanai.core.registry.internal.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * Looks at a jar before anything is stored or installed, as the framework will read it: through its central directory
 * ({@link JarFile}, what Felix and the class loader use), not through the entries a stream would meet first. A jar is
 * refused when
 * <ul>
 * <li>it has more entries than {@link Limits#maxEntries()} ({@value #TOO_MANY_ENTRIES});</li>
 * <li>its entries, read to the end and counted byte by byte (the sizes the jar claims are not trusted), expand beyond
 * {@link Limits#maxUncompressedBytes()}, or beyond {@link Limits#maxExpansionRatio()} times the jar's size once they
 * expand beyond {@value Limits#RATIO_FLOOR} bytes ({@value #EXPANDS_TOO_MUCH}): a zip bomb;</li>
 * <li>an entry's name has a {@code ..} segment, starts with {@code /}, holds a backslash or starts with a drive letter
 * ({@value #UNSAFE_ENTRY});</li>
 * <li>it is not a jar, or has no OSGi bundle manifest (400 {@code not_a_bundle}).</li>
 * </ul>
 * The jar is written to a temporary file of the work directory while it is read, and that file is deleted whatever the
 * outcome.
 */
final class JarInspection {
    static final String TOO_MANY_ENTRIES = "jar_too_many_entries";
    static final String EXPANDS_TOO_MUCH = "jar_expands_too_much";
    static final String UNSAFE_ENTRY = "jar_unsafe_entry";
    static final String PROGRAMME_NOT_PROVIDED = "programme_not_provided";
    /** A Declarative Services descriptor's {@code <provide interface="…Programme"/>}, whatever the quotes and spacing. */
    private static final Pattern PROVIDES_PROGRAMME = Pattern.compile("<(?:[\\w-]+:)?provide\\b[^>]*\\binterface\\s*=\\s*[\"']"
            + Pattern.quote(Programme.class.getName()) + "[\"']");
    /** How many unsafe entry names a refusal lists. */
    private static final int LISTED = 10;

    /** What a jar may hold. */
    record Limits(long maxUncompressedBytes, int maxEntries, int maxExpansionRatio) {
        /** Below this many uncompressed bytes the ratio is not checked: a small jar of text compresses very well. */
        static final long RATIO_FLOOR = 1L << 20;

        static Limits of(ModulesConfig config) {
            return new Limits(Math.max(1, config.maxUncompressedMiB()) * (1L << 20), Math.max(1, config.maxEntries()),
                    Math.max(1, config.maxExpansionRatio()));
        }

        /** @return how many bytes a jar of this size may expand to */
        long allowedFor(long jarSize) {
            long byRatio = jarSize > Long.MAX_VALUE / maxExpansionRatio ? Long.MAX_VALUE : jarSize * maxExpansionRatio;
            return Math.min(maxUncompressedBytes, Math.max(RATIO_FLOOR, byRatio));
        }
    }

    /** A jar looked at before anything is installed. */
    record JarInfo(String bsn, Version version, String programmeId, Manifest manifest, byte[] bytes, String sha256,
            int entries, long uncompressed) {
    }

    private JarInspection() {
    }

    /**
     * @param work a directory for the temporary copy of the jar
     * @throws ModuleException INVALID {@code not_a_bundle}, {@code invalid_programme_id} or {@value #PROGRAMME_NOT_PROVIDED}, or REFUSED with one of the codes above
     */
    static JarInfo inspect(byte[] bytes, Path work, Limits limits) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(work, "inspect-", ".tmp");
            Files.write(tmp, bytes);
            try (JarFile jar = new JarFile(tmp.toFile(), false)) {
                int entries = checkEntries(jar, limits);
                long uncompressed = expand(jar, limits.allowedFor(bytes.length), bytes.length);
                JarInfo info = info(jar.getManifest(), bytes, entries, uncompressed);
                checkProvidesProgramme(jar, info);
                return info;
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // not a zip, a broken central directory or manifest, an entry name that is not UTF-8
            throw new ModuleException(ModuleException.Kind.INVALID, "not_a_bundle", "not a jar file: " + e.getMessage());
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Counts the entries and checks their names, from the central directory alone. */
    private static int checkEntries(JarFile jar, Limits limits) {
        if (jar.size() > limits.maxEntries()) {
            throw tooMany(jar.size(), limits);
        }
        List<String> unsafe = new ArrayList<>();
        int count = 0;
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
            String name = e.nextElement().getName();
            if (++count > limits.maxEntries()) {
                throw tooMany(count, limits);
            }
            String why = unsafe(name);
            if (why != null && unsafe.size() < LISTED) {
                unsafe.add(name + " (" + why + ")");
            }
        }
        if (!unsafe.isEmpty()) {
            throw new ModuleException(ModuleException.Kind.REFUSED, UNSAFE_ENTRY, "the jar has entries whose names point outside of it", unsafe);
        }
        return count;
    }

    /**
     * A jar that declares a programme must be able to register its {@link Programme} service: a component descriptor
     * named in its {@code Service-Component} header provides it, or it has a bundle activator (which may register it
     * itself). Read from the jar, before it is installed: the same answer whenever it is asked, where the component
     * descriptions Declarative Services has loaded so far, while the bundle starts, may still lack the component.
     */
    private static void checkProvidesProgramme(JarFile jar, JarInfo info) throws IOException {
        if (info.programmeId() == null || info.manifest().getMainAttributes().getValue(Constants.BUNDLE_ACTIVATOR) != null) {
            return;
        }
        String header = info.manifest().getMainAttributes().getValue("Service-Component");
        for (String path : header == null ? new String[0] : header.split(",")) {
            String p = path.split(";")[0].trim();
            if (p.isEmpty()) {
                continue;
            }
            for (JarEntry entry : descriptors(jar, p)) {
                try (InputStream in = jar.getInputStream(entry)) {
                    if (PROVIDES_PROGRAMME.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).find()) {
                        return;
                    }
                }
            }
        }
        throw new ModuleException(ModuleException.Kind.INVALID, PROGRAMME_NOT_PROVIDED, "bundle " + info.bsn() + " declares programme '"
                + info.programmeId() + "' but no component of it provides " + Programme.class.getName() + " and it has no bundle activator");
    }

    /** The entries a {@code Service-Component} path names: one entry, or those its last segment matches with {@code *}. */
    private static List<JarEntry> descriptors(JarFile jar, String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (!name.contains("*")) {
            JarEntry e = jar.getJarEntry(path.startsWith("/") ? path.substring(1) : path);
            return e == null ? List.of() : List.of(e);
        }
        String dir = slash < 0 ? "" : path.substring(path.startsWith("/") ? 1 : 0, slash + 1);
        Pattern glob = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
        List<JarEntry> out = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
            JarEntry entry = e.nextElement();
            String n = entry.getName();
            if (n.startsWith(dir) && n.indexOf('/', dir.length()) < 0 && glob.matcher(n.substring(dir.length())).matches()) {
                out.add(entry);
            }
        }
        return out;
    }

    private static ModuleException tooMany(int count, Limits limits) {
        return new ModuleException(ModuleException.Kind.REFUSED, TOO_MANY_ENTRIES, "the jar has " + count + " entries or more; at most "
                + limits.maxEntries() + " are accepted");
    }

    /** @return why an entry name is unsafe to extract anywhere, {@code null} if it is not */
    static String unsafe(String name) {
        if (name.indexOf('\\') >= 0) {
            return "backslash";
        }
        if (name.startsWith("/")) {
            return "absolute path";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "drive letter";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return "'..' segment";
            }
        }
        return null;
    }

    /** Reads every entry to its end, counting the bytes; stops as soon as they exceed {@code allowed}. */
    private static long expand(JarFile jar, long allowed, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
            JarEntry entry = e.nextElement();
            if (entry.isDirectory()) {
                continue;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                for (int n; (n = in.read(buffer)) != -1;) {
                    total += n;
                    if (total > allowed) {
                        throw new ModuleException(ModuleException.Kind.REFUSED, EXPANDS_TOO_MUCH, "the jar (" + size + " bytes) expands to more than "
                                + allowed + " bytes, out of proportion: a zip bomb?");
                    }
                }
            }
        }
        return total;
    }

    /** Reads the manifest: a jar that is no OSGi bundle is refused. */
    private static JarInfo info(Manifest mf, byte[] bytes, int entries, long uncompressed) {
        if (mf == null) {
            throw new ModuleException(ModuleException.Kind.INVALID, "not_a_bundle", "not a jar file with a manifest");
        }
        String bsnHeader = mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (bsnHeader == null || !"2".equals(mf.getMainAttributes().getValue(Constants.BUNDLE_MANIFESTVERSION))) {
            throw new ModuleException(ModuleException.Kind.INVALID, "not_a_bundle", "the jar has no OSGi bundle manifest (Bundle-SymbolicName, Bundle-ManifestVersion: 2)");
        }
        String bsn = bsnHeader.split(";")[0].trim();
        Version version;
        try {
            version = Version.parseVersion(mf.getMainAttributes().getValue(Constants.BUNDLE_VERSION));
        } catch (IllegalArgumentException e) {
            throw new ModuleException(ModuleException.Kind.INVALID, "not_a_bundle", "invalid Bundle-Version: " + e.getMessage());
        }
        String pid = mf.getMainAttributes().getValue(Programme.MANIFEST_HEADER);
        if (pid != null) {
            pid = pid.trim();
            if (!ProgrammeInfo.ID.matcher(pid).matches()) {
                throw new ModuleException(ModuleException.Kind.INVALID, "invalid_programme_id", "programme id must match " + ProgrammeInfo.ID + ": " + pid);
            }
        }
        return new JarInfo(bsn, version, pid, mf, bytes, sha256(bytes), entries, uncompressed);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stray temporary file: removed at the next start (ModuleManager), its name is never used again
            }
        }
    }
}
