package org.guanai.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jars the end-to-end tests use: {@code guanai.jar}, the programme template, and variants of a bundle (another
 * version, another name, extra files such as a new migration).
 */
public final class Jars {
    private Jars() {
    }

    /** {@code guanai.jar}, as {@code mvn package} exports it (system property {@code guanai.jar}). */
    public static Path guanai() {
        Path jar = Path.of(System.getProperty("guanai.jar", "target/guanai.jar"));
        assertTrue(Files.isRegularFile(jar), "build guanai.jar first (mvn package): " + jar.toAbsolutePath());
        return jar;
    }

    /** The programme template's jar, built by the examples module (system property {@code programme.template.jar}). */
    public static byte[] template() throws IOException {
        return Files.readAllBytes(templatePath());
    }

    /** Where the programme template's jar is. */
    public static Path templatePath() {
        Path jar = Path.of(System.getProperty("programme.template.jar",
                "../examples/target/it/programme-template/target/programme-template-1.0.0.jar"));
        assertTrue(Files.isRegularFile(jar), "build the examples first: " + jar.toAbsolutePath());
        return jar.toAbsolutePath();
    }

    /** The jar with these manifest headers set, and these files added or, where the jar has them, replaced. */
    public static byte[] variant(byte[] jar, Map<String, String> headers, Map<String, String> extraFiles) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (JarOutputStream jo = new JarOutputStream(out, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    if (extraFiles.containsKey(e.getName())) {
                        continue;
                    }
                    jo.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(jo);
                    jo.closeEntry();
                }
                for (Map.Entry<String, String> f : extraFiles.entrySet()) {
                    jo.putNextEntry(new JarEntry(f.getKey()));
                    jo.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                    jo.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
