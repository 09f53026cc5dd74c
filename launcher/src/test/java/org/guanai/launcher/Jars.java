package org.guanai.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Makes variants of a bundle for tests: another version, another name, extra files (e.g. a new migration). */
final class Jars {
    private Jars() {
    }

    static byte[] variant(byte[] jar, Map<String, String> headers, Map<String, String> extraFiles) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (JarOutputStream jo = new JarOutputStream(out, mf)) {
                for (JarEntry e; (e = in.getNextJarEntry()) != null;) {
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
