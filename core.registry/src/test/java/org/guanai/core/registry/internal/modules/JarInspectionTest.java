package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.modules.JarInspection.JarInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What module administration refuses before anything is stored or installed, with the default limits of
 * {@link ModulesConfig}: zip bombs (also when the jar lies about its sizes), jars with too many entries, and entries
 * whose names point outside of the jar. Every jar is built by the test; no temporary file is left behind.
 */
class JarInspectionTest {
    /** The defaults of {@link ModulesConfig}, as SCR gives them without a configuration. */
    static final JarInspection.Limits DEFAULTS = JarInspection.Limits.of((ModulesConfig) Proxy.newProxyInstance(
            ModulesConfig.class.getClassLoader(), new Class<?>[] { ModulesConfig.class }, (proxy, method, args) -> method.getDefaultValue()));

    @TempDir
    Path work;

    @AfterEach
    void nothingLeftBehind() throws IOException {
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "no temporary file left behind");
        }
    }

    /** A bundle with these entries, compressed (DEFLATED). */
    static byte[] bundle(String bsn, Map<String, byte[]> entries) throws IOException {
        return TestSigning.jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", bsn, "Bundle-Version", "1.0.0"), entries);
    }

    private ModuleException refused(byte[] jar) {
        return assertThrows(ModuleException.class, () -> JarInspection.inspect(jar, work, DEFAULTS));
    }

    @Test
    void aProgrammeJarPasses() throws Exception {
        byte[] jar = TestSigning.bundleJar("org.example.inspected");
        JarInfo info = JarInspection.inspect(jar, work, DEFAULTS);
        assertEquals("org.example.inspected", info.bsn());
        assertEquals("1.0.0", info.version().toString());
        assertEquals(4, info.entries(), "the manifest and three entries");
        assertEquals(JarInspection.sha256(jar), info.sha256());
        assertTrue(info.uncompressed() > 0);
    }

    @Test
    void aSmallJarExpandingFarBeyondItsSizeIsRefused() throws Exception {
        byte[] zeros = new byte[16 << 20];
        byte[] bomb = bundle("org.example.bomb", Map.of("data/zeros.bin", zeros));
        assertTrue(bomb.length < 64 << 10, "a small jar: " + bomb.length + " bytes");
        ModuleException e = refused(bomb);
        assertEquals(ModuleException.Kind.REFUSED, e.kind);
        assertEquals(JarInspection.EXPANDS_TOO_MUCH, e.code);
    }

    @Test
    void theAbsoluteLimitHoldsWhateverTheRatio() throws Exception {
        JarInspection.Limits generousRatio = new JarInspection.Limits(2L << 20, 10_000, 1_000_000);
        byte[] jar = bundle("org.example.big", Map.of("data/zeros.bin", new byte[3 << 20]));
        ModuleException e = assertThrows(ModuleException.class, () -> JarInspection.inspect(jar, work, generousRatio));
        assertEquals(JarInspection.EXPANDS_TOO_MUCH, e.code);
        JarInspection.inspect(bundle("org.example.fits", Map.of("data/zeros.bin", new byte[1 << 20])), work, generousRatio);
    }

    /** The central directory claims 100 bytes for a 16 MiB entry: the bytes are counted as they are read. */
    @Test
    void theSizesAJarClaimsAreNotTrusted() throws Exception {
        byte[] bomb = bundle("org.example.liar", Map.of("data/zeros.bin", new byte[16 << 20]));
        byte[] liar = claimSize(bomb, "data/zeros.bin", 100);
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(liar))) {
            assertTrue(zip.getNextEntry() != null);
        }
        ModuleException e = refused(liar);
        assertEquals(JarInspection.EXPANDS_TOO_MUCH, e.code, "refused on the bytes read, not the size claimed");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            entries.put("e/" + i, new byte[0]);
        }
        ModuleException e = refused(bundle("org.example.many", entries));
        assertEquals(ModuleException.Kind.REFUSED, e.kind);
        assertEquals(JarInspection.TOO_MANY_ENTRIES, e.code);
        entries.remove("e/0");
        assertEquals(10_000, JarInspection.inspect(bundle("org.example.enough", entries), work, DEFAULTS).entries(),
                "the limit itself is accepted (the manifest counts)");
    }

    @Test
    void entriesPointingOutsideTheJarAreRefused() throws Exception {
        for (String name : List.of("../evil", "lib/../../evil", "/abs", "/etc/cron.d/x", "lib\\evil", "C:/Windows/evil.dll", "c:evil")) {
            ModuleException e = refused(bundle("org.example.escape", Map.of("ok/file.txt", new byte[] { 1 }, name, new byte[] { 2 })));
            assertEquals(ModuleException.Kind.REFUSED, e.kind, name);
            assertEquals(JarInspection.UNSAFE_ENTRY, e.code, name);
            assertTrue(e.details.toString().contains(name), e.details.toString());
            assertTrue(!e.details.toString().contains("ok/file.txt"), e.details.toString());
        }
        for (String fine : List.of("a/b..c", "..hidden", "a/.../b", "./here")) {
            JarInspection.inspect(bundle("org.example.fine", Map.of(fine, new byte[] { 1 })), work, DEFAULTS);
        }
    }

    @Test
    void notABundleIsABadRequest() throws Exception {
        for (byte[] jar : List.of("not a jar".getBytes(), new byte[0], TestSigning.jar(Map.of(), Map.of("a.txt", new byte[] { 1 })))) {
            ModuleException e = refused(jar);
            assertEquals(ModuleException.Kind.INVALID, e.kind);
            assertEquals("not_a_bundle", e.code);
        }
    }

    /** A programme bundle with these DS descriptors, named in this order in its {@code Service-Component} header. */
    private static byte[] programme(String serviceComponent, Map<String, String> descriptors, String activator) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", "org.example.programme");
        headers.put("Bundle-Version", "1.0.0");
        headers.put("Guanai-Programme", "example");
        if (serviceComponent != null) {
            headers.put("Service-Component", serviceComponent);
        }
        if (activator != null) {
            headers.put("Bundle-Activator", activator);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        descriptors.forEach((name, xml) -> entries.put(name, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return TestSigning.jar(headers, entries);
    }

    private static String component(String name, String... provides) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\""
                + name + "\">\n  <service>\n");
        for (String p : provides) {
            xml.append("    <provide interface='").append(p).append("'/>\n");
        }
        return xml.append("  </service>\n  <implementation class=\"").append(name).append("\"/>\n</scr:component>\n").toString();
    }

    /**
     * Whether a programme can register its Programme service is read from the jar: a descriptor named in
     * {@code Service-Component} (listed or by a wildcard, in any position) provides it, or it has an activator. At the
     * platform's start, Declarative Services loads a shipped programme's descriptors one after the other on the start
     * level thread; asking it meanwhile which components the bundle has refused a programme whose Programme component
     * had not been loaded yet ("no component provides the Programme service").
     */
    @Test
    void aProgrammeMustProvideItsServiceAsItsJarSays() throws Exception {
        String roster = component("org.example.Roster", "org.example.Roster");
        String programme = component("org.example.ExampleProgramme", "org.guanai.core.api.programme.Programme", "java.lang.Object");
        Map<String, String> both = new LinkedHashMap<>();
        both.put("OSGI-INF/org.example.Roster.xml", roster);
        both.put("OSGI-INF/org.example.ExampleProgramme.xml", programme);
        assertEquals("example", JarInspection.inspect(programme("OSGI-INF/org.example.Roster.xml,OSGI-INF/org.example.ExampleProgramme.xml", both, null),
                work, DEFAULTS).programmeId(), "the Programme component second in the list");
        assertEquals("example", JarInspection.inspect(programme("OSGI-INF/*.xml", both, null), work, DEFAULTS).programmeId(), "by a wildcard");
        assertEquals("example", JarInspection.inspect(programme(null, Map.of(), "org.example.Activator"), work, DEFAULTS).programmeId(),
                "an activator may register it itself");

        Map<String, String> rosterOnly = Map.of("OSGI-INF/org.example.Roster.xml", roster);
        for (byte[] jar : List.of(programme("OSGI-INF/org.example.Roster.xml", rosterOnly, null), programme(null, Map.of(), null),
                programme("OSGI-INF/org.example.Roster.xml,OSGI-INF/missing.xml", rosterOnly, null),
                programme("OSGI-INF/org.example.Roster.xml", Map.of("OSGI-INF/org.example.Roster.xml", roster,
                        "OSGI-INF/unlisted.xml", programme), null))) {
            ModuleException e = refused(jar);
            assertEquals(JarInspection.PROGRAMME_NOT_PROVIDED, e.code);
            assertEquals(ModuleException.Kind.INVALID, e.kind);
        }
        assertEquals(null, JarInspection.inspect(bundle("org.example.library", rosterOnly.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, x -> x.getValue().getBytes()))), work, DEFAULTS).programmeId(),
                "a bundle that declares no programme needs no Programme component");
    }

    @Test
    void everyRefusalHasItsOwnTextInBothLanguages() {
        Messages messages = new Messages();
        for (String code : List.of(JarInspection.TOO_MANY_ENTRIES, JarInspection.EXPANDS_TOO_MUCH, JarInspection.UNSAFE_ENTRY,
                JarInspection.PROGRAMME_NOT_PROVIDED)) {
            String key = "error.module." + code;
            assertTrue(messages.has(key), key);
            TestSupport.assertBilingual(new FieldError(code, messages.zh(key), messages.en(key)));
        }
    }

    /** The jar with the uncompressed size of one entry in the central directory (and its local header) replaced. */
    private static byte[] claimSize(byte[] jar, String name, int size) {
        byte[] out = jar.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int patched = 0;
        for (int i = 0; i + 46 < out.length; i++) {
            int signature = b.getInt(i);
            if (signature == 0x02014b50 && matches(out, i + 46, wanted, b.getShort(i + 28))) {
                b.putInt(i + 24, size); // central directory: uncompressed size
                patched++;
            } else if (signature == 0x04034b50 && matches(out, i + 30, wanted, b.getShort(i + 26))) {
                b.putInt(i + 22, size); // local header: uncompressed size (0 when a data descriptor follows)
            }
        }
        assertEquals(1, patched, "the central directory entry of " + name);
        return out;
    }

    private static boolean matches(byte[] jar, int offset, byte[] name, short length) {
        return length == name.length && offset + name.length <= jar.length
                && java.util.Arrays.equals(jar, offset, offset + name.length, name, 0, name.length);
    }
}
