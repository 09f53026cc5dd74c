package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import org.guanai.core.registry.internal.modules.JarSignatureException.Reason;
import org.guanai.core.registry.internal.modules.TestSigning.Key;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars signed with the JDK's own tools, checked against trust stores made with keytool: accepted only when signed
 * throughout, unchanged since, by a signer that chains to the store (or is in it) and is valid today.
 */
class BundleSignaturesTest {
    private static final String CLASS = "org/example/signed/Hello.class";

    @TempDir
    static Path tmp;

    private static TestSigning signing;
    private static Key ca;
    private static Key signer;
    private static Key stranger;
    private static Key expired;
    private static Key serverOnly;
    private static BundleSignatures trustingCa;
    private static byte[] unsigned;
    private static byte[] signed;

    @BeforeAll
    static void keys() throws Exception {
        signing = new TestSigning(tmp.resolve("keys"));
        ca = signing.ca("guanai-test-ca");
        signer = signing.issued(ca, "county-it-office");
        stranger = signing.selfSigned("stranger");
        expired = signing.issued(ca, "expired-signer", "-startdate", "-60d", "-validity", "30");
        serverOnly = signing.issued(ca, "web-server", "-ext", "eku=serverAuth");
        trustingCa = BundleSignatures.load(signing.trustStore("trust-ca.p12", ca), TestSigning.PASSWORD.toCharArray());
        unsigned = TestSigning.bundleJar("org.example.signed");
        signed = signing.sign(unsigned, signer);
    }

    private static Path file(String name, byte[] bytes) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static JarSignatureException refused(BundleSignatures signatures, String name, byte[] jar) throws Exception {
        Path f = file(name, jar);
        return assertThrows(JarSignatureException.class, () -> signatures.check(f));
    }

    @Test
    void unsignedJarIsRefused() throws Exception {
        JarSignatureException e = refused(trustingCa, "unsigned.jar", unsigned);
        assertEquals(Reason.UNSIGNED, e.reason);
        assertEquals("unsigned", e.code());
    }

    @Test
    void signerIssuedByATrustedCaIsAccepted() throws Exception {
        X509Certificate cert = trustingCa.check(file("signed.jar", signed));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=county-it-office"), cert.getSubjectX500Principal().getName());
        assertTrue(Files.isRegularFile(tmp.resolve("signed.jar")), "the jar is left where it was");
    }

    @Test
    void signerWhoseOwnCertificateIsInTheStoreIsAccepted() throws Exception {
        BundleSignatures trustingSigner = BundleSignatures.load(signing.trustStore("trust-signer.p12", signer),
                TestSigning.PASSWORD.toCharArray());
        X509Certificate cert = trustingSigner.check(file("signed-own.jar", signed));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=county-it-office"));
        // and a self-signed signer trusted as itself
        BundleSignatures trustingStranger = BundleSignatures.load(signing.trustStore("trust-stranger.p12", stranger),
                TestSigning.PASSWORD.toCharArray());
        trustingStranger.check(file("signed-stranger-trusted.jar", signing.sign(unsigned, stranger)));
    }

    @Test
    void signerNoOneVouchesForIsUntrusted() throws Exception {
        JarSignatureException e = refused(trustingCa, "signed-stranger.jar", signing.sign(unsigned, stranger));
        assertEquals(Reason.UNTRUSTED, e.reason);
        assertTrue(e.details.toString().contains("CN=stranger") && e.details.toString().contains("trust anchor"), e.details.toString());
    }

    @Test
    void entryChangedAfterSigningIsAnInvalidSignature() throws Exception {
        byte[] changed = TestSigning.withEntry(signed, CLASS, new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 62 });
        assertEquals(Reason.INVALID_SIGNATURE, refused(trustingCa, "changed.jar", changed).reason);
    }

    @Test
    void manifestChangedAfterSigningIsAnInvalidSignature() throws Exception {
        String manifest = new String(TestSigning.entry(signed, "META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("Bundle-Version: 1.0.0"), manifest);
        byte[] changed = TestSigning.withEntry(signed, "META-INF/MANIFEST.MF",
                manifest.replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0").getBytes(StandardCharsets.UTF_8));
        JarSignatureException e = refused(trustingCa, "changed-manifest.jar", changed);
        assertEquals(Reason.INVALID_SIGNATURE, e.reason);
        assertTrue(e.getMessage().contains("Manifest main attributes"), e.getMessage());
    }

    @Test
    void signatureFileChangedAfterSigningIsAnInvalidSignature() throws Exception {
        String sf = null;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(signed))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().endsWith(".SF")) {
                    sf = e.getName();
                }
            }
        }
        String text = new String(TestSigning.entry(signed, sf), StandardCharsets.UTF_8);
        byte[] changed = TestSigning.withEntry(signed, sf, (text + "Name: org/example/signed/Evil.class\r\nSHA-256-Digest: AAAA\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Reason.INVALID_SIGNATURE, refused(trustingCa, "changed-sf.jar", changed).reason);
    }

    @Test
    void entryAddedAfterSigningMakesItPartlySigned() throws Exception {
        byte[] added = TestSigning.withEntry(signed, "org/example/signed/Evil.class", new byte[] { (byte) 0xCA, (byte) 0xFE });
        JarSignatureException e = refused(trustingCa, "added.jar", added);
        assertEquals(Reason.PARTLY_SIGNED, e.reason);
        assertEquals(List.of("org/example/signed/Evil.class"), e.details);
        // also under META-INF/, where only the signature files themselves go unsigned
        byte[] addedMeta = TestSigning.withEntry(signed, "META-INF/services/org.example.Service", "org.example.Evil\n".getBytes());
        assertEquals(Reason.PARTLY_SIGNED, refused(trustingCa, "added-meta.jar", addedMeta).reason);
    }

    @Test
    void fileThatIsNoJarIsUnreadable() throws Exception {
        assertEquals(Reason.UNREADABLE, refused(trustingCa, "garbage.jar", "garbage".getBytes()).reason);
        Path missing = tmp.resolve("no-such.jar");
        assertEquals(Reason.UNREADABLE, assertThrows(JarSignatureException.class, () -> trustingCa.check(missing)).reason);
    }

    @Test
    void expiredSignerIsUntrusted() throws Exception {
        JarSignatureException e = refused(trustingCa, "signed-expired.jar", signing.sign(unsigned, expired));
        assertEquals(Reason.UNTRUSTED, e.reason);
        assertTrue(e.details.toString().contains("CN=expired-signer") && e.details.toString().contains("validity check failed"),
                e.details.toString());
        // an expired certificate is not trusted as itself either
        BundleSignatures trustingExpired = BundleSignatures.load(signing.trustStore("trust-expired.p12", expired),
                TestSigning.PASSWORD.toCharArray());
        JarSignatureException own = refused(trustingExpired, "signed-expired-own.jar", signing.sign(unsigned, expired));
        assertEquals(Reason.UNTRUSTED, own.reason);
        assertTrue(own.details.toString().contains("NotAfter"), own.details.toString());
    }

    @Test
    void certificateNotMeantForCodeSigningIsUntrusted() throws Exception {
        JarSignatureException e = refused(trustingCa, "signed-server.jar", signing.sign(unsigned, serverOnly));
        assertEquals(Reason.UNTRUSTED, e.reason);
        assertTrue(e.details.toString().contains("code signing"), e.details.toString());
    }

    @Test
    void jarSignedTwiceNeedsOnlyOneTrustedSigner() throws Exception {
        byte[] twice = signing.sign(signing.sign(unsigned, stranger), signer);
        assertTrue(trustingCa.check(file("signed-twice.jar", twice)).getSubjectX500Principal().getName().contains("county-it-office"));
    }

    @Test
    void jarWithNothingButAManifestIsUnsigned() throws Exception {
        byte[] empty = TestSigning.jar(Map.of("Bundle-SymbolicName", "org.example.empty"), Map.of());
        assertEquals(Reason.UNSIGNED, refused(trustingCa, "empty.jar", empty).reason);
    }

    @Test
    void trustStoresOfBothTypesWithOrWithoutPassword() throws Exception {
        Path jks = signing.trustStore("trust-ca.jks", "JKS", List.of(ca));
        assertEquals(1, BundleSignatures.load(jks, TestSigning.PASSWORD.toCharArray()).size());
        assertEquals(1, BundleSignatures.load(jks, null).size(), "JKS opens without password, unchecked");
        Path open = signing.trustStore("trust-open.p12", "PKCS12", List.of(ca, stranger),
                "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE");
        BundleSignatures noPassword = BundleSignatures.load(open, null);
        assertEquals(2, noPassword.size());
        assertEquals(2, BundleSignatures.load(open, new char[0]).size(), "empty means none");
        noPassword.check(file("signed-open-store.jar", signed));
    }

    @Test
    void trustStoreThatOpensEmptyIsRefused() throws Exception {
        // a PKCS12 store with encrypted certificates, read without its password, shows no certificate at all
        Path p12 = signing.trustStore("trust-ca-2.p12", ca);
        KeyStoreException e = assertThrows(KeyStoreException.class, () -> BundleSignatures.load(p12, null));
        assertTrue(e.getMessage().contains("no X.509 certificate"), e.getMessage());
        assertThrows(Exception.class, () -> BundleSignatures.load(p12, "wrong-password".toCharArray()));
        assertThrows(Exception.class, () -> BundleSignatures.load(tmp.resolve("no-such.p12"), null));
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThrows(KeyStoreException.class, () -> new BundleSignatures(empty));
    }

    @Test
    void keyEntriesOfTheStoreAreTrustedToo() throws Exception {
        // the CA's own keystore (a key entry, no trusted certificate entry) as trust store
        BundleSignatures caKeystore = BundleSignatures.load(ca.store(), TestSigning.PASSWORD.toCharArray());
        assertEquals(1, caKeystore.size());
        caKeystore.check(file("signed-ca-keystore.jar", signed));
    }

    @Test
    void signatureFilesAreTheOnlyUnsignedEntries() {
        for (String name : List.of("META-INF/MANIFEST.MF", "META-INF/COUNTY.SF", "META-INF/county.rsa", "META-INF/X.DSA",
                "META-INF/X.EC", "META-INF/SIG-X")) {
            assertTrue(BundleSignatures.signatureRelated(name), name);
        }
        for (String name : List.of("META-INF/services/x.SF", "META-INF/maven/pom.xml", "org/example/X.SF", "X.RSA",
                "META-INF/INDEX.LIST")) {
            assertFalse(BundleSignatures.signatureRelated(name), name);
        }
    }
}
