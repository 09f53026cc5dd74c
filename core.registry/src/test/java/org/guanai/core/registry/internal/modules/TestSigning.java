package org.guanai.core.registry.internal.modules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jdk.security.jarsigner.JarSigner;

/**
 * Key material and signed jars for tests, made with the JDK's own tools only: {@code keytool} (run as a process) for
 * keys, certificates and trust stores, and {@link JarSigner} (module {@code jdk.jartool}) to sign. Everything is written
 * under one directory. Shared with the launcher's end-to-end tests through this module's test jar.
 */
public final class TestSigning {
    /** The password of every store made here (keytool wants at least 6 characters). */
    public static final String PASSWORD = "test-password";

    /** A key pair in its own PKCS12 store, with its certificate chain. */
    public record Key(String alias, Path store) {
    }

    private final Path dir;
    private final Map<String, Path> certificates = new HashMap<>();

    public TestSigning(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A certificate authority: a self-signed key pair marked as a CA ({@code BasicConstraints}). */
    public Key ca(String alias) throws IOException, InterruptedException {
        Key ca = new Key(alias, dir.resolve(alias + ".p12"));
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias + ", O=Guanai test", "-validity", "3650",
                "-ext", "bc:c", "-keystore", ca.store().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return ca;
    }

    /**
     * A key pair whose certificate {@code ca} issues ({@code keytool -gencert}); its store holds the chain key → CA.
     *
     * @param certOptions more options of {@code -gencert}, e.g. {@code -startdate -60d -validity 30} for an expired one,
     *        or {@code -ext eku=serverAuth}
     */
    public Key issued(Key ca, String alias, String... certOptions) throws IOException, InterruptedException {
        Key key = selfSigned(alias);
        Path request = dir.resolve(alias + ".csr");
        Path reply = dir.resolve(alias + ".issued.cer");
        keytool("-certreq", "-alias", alias, "-keystore", key.store().toString(), "-storepass", PASSWORD, "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", ca.alias(), "-keystore", ca.store().toString(),
                "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", reply.toString(), "-rfc"));
        if (Arrays.asList(certOptions).contains("-validity")) {
            gencert.addAll(List.of(certOptions));
        } else {
            gencert.addAll(List.of("-validity", "365"));
            gencert.addAll(List.of(certOptions));
        }
        keytool(gencert.toArray(String[]::new));
        // the CA first, so that keytool can build the chain of the reply
        keytool("-importcert", "-noprompt", "-alias", ca.alias(), "-file", certificate(ca).toString(), "-keystore",
                key.store().toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-alias", alias, "-file", reply.toString(), "-keystore", key.store().toString(), "-storepass", PASSWORD);
        certificates.remove(alias);
        return key;
    }

    /** A self-signed key pair, e.g. a signer that no one vouches for. */
    public Key selfSigned(String alias, String... options) throws IOException, InterruptedException {
        Key key = new Key(alias, dir.resolve(alias + ".p12"));
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname",
                "CN=" + alias + ", O=Guanai test", "-keystore", key.store().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
        if (!Arrays.asList(options).contains("-validity")) {
            args.addAll(List.of("-validity", "365"));
        }
        args.addAll(List.of(options));
        keytool(args.toArray(String[]::new));
        return key;
    }

    /** The certificate of a key (the first of its chain), exported as PEM. */
    public Path certificate(Key key) throws IOException, InterruptedException {
        Path cer = certificates.get(key.alias());
        if (cer == null) {
            cer = dir.resolve(key.alias() + ".cer");
            keytool("-exportcert", "-rfc", "-alias", key.alias(), "-keystore", key.store().toString(), "-storepass", PASSWORD,
                    "-file", cer.toString());
            certificates.put(key.alias(), cer);
        }
        return cer;
    }

    /**
     * A trust store holding the certificates of {@code keys} as trusted certificate entries.
     *
     * @param type {@code PKCS12} or {@code JKS}
     * @param keytoolOptions more keytool options, e.g. {@code -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE
     *        -J-Dkeystore.pkcs12.macAlgorithm=NONE} for a PKCS12 store that opens without password
     */
    public Path trustStore(String name, String type, List<Key> keys, String... keytoolOptions) throws IOException, InterruptedException {
        Path store = dir.resolve(name);
        for (Key k : keys) {
            List<String> args = new ArrayList<>(List.of("-importcert", "-noprompt", "-alias", k.alias(), "-file",
                    certificate(k).toString(), "-keystore", store.toString(), "-storetype", type, "-storepass", PASSWORD));
            args.addAll(List.of(keytoolOptions));
            keytool(args.toArray(String[]::new));
        }
        return store;
    }

    /** A PKCS12 trust store with the certificates of {@code keys}, protected by {@link #PASSWORD}. */
    public Path trustStore(String name, Key... keys) throws IOException, InterruptedException {
        return trustStore(name, "PKCS12", List.of(keys));
    }

    /** Signs a jar with the key and its certificate chain ({@link JarSigner}, its default algorithms). */
    public byte[] sign(byte[] jar, Key key) throws Exception {
        KeyStore store = KeyStore.getInstance(key.store().toFile(), PASSWORD.toCharArray());
        PrivateKey privateKey = (PrivateKey) store.getKey(key.alias(), PASSWORD.toCharArray());
        Certificate[] chain = store.getCertificateChain(key.alias());
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain));
        Path unsigned = Files.createTempFile(dir, "unsigned-", ".jar");
        Files.write(unsigned, jar);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(unsigned.toFile())) {
            new JarSigner.Builder(privateKey, path).signerName(signerName(key.alias())).build().sign(in, out);
        }
        Files.delete(unsigned);
        return out.toByteArray();
    }

    /** The name of the signature files (META-INF/NAME.SF): at most 8 of A-Z 0-9 _ -, one per signer of a jar. */
    private static String signerName(String alias) {
        String name = alias.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
        return name.length() > 8 ? name.substring(0, 8) : name;
    }

    /** A small jar: a manifest (with the given main attributes) and the entries, in this order. */
    public static byte[] jar(Map<String, String> mainAttributes, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mainAttributes.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A jar that could be a bundle: an OSGi manifest, a class file (any bytes) and a resource. */
    public static byte[] bundleJar(String bsn) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", bsn);
        headers.put("Bundle-Version", "1.0.0");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("org/example/signed/", new byte[0]);
        entries.put("org/example/signed/Hello.class", new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61 });
        entries.put("org/example/signed/hello.txt", "你好, hello\n".getBytes(StandardCharsets.UTF_8));
        return jar(headers, entries);
    }

    /** The jar with the content of one entry replaced (or, if it has no such entry, added at the end); all else as it was. */
    public static byte[] withEntry(byte[] jar, String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(name)) {
                    zip.write(content);
                    replaced = true;
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            if (!replaced) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The content of one entry of a jar. */
    public static byte[] entry(byte[] jar, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IOException("no entry " + name);
    }

    /** Runs the JDK's keytool; fails with its output if it does not succeed. */
    public void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.add("-J-XX:TieredStopAtLevel=1"); // short-lived: start fast
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output;
        try (InputStream in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + cmd + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
