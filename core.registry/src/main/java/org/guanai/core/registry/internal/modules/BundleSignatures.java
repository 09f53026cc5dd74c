package org.guanai.core.registry.internal.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.guanai.core.registry.internal.modules.JarSignatureException.Reason;

/**
 * Checks that a jar is signed, consistently, by a certificate the trust store vouches for. The trust anchors are every
 * trusted certificate of the store and the certificate of every key entry. A jar passes when every entry (except the
 * manifest, the signature files of {@code META-INF/} and directories) verifies against its signature, one signer covers
 * all of them, and that signer's certificate path validates with PKIX against the anchors (validity dates checked,
 * revocation not), or its own certificate is in the store and valid today. A certificate whose key usage excludes
 * signing, or whose extended key usage excludes code signing, is not trusted to sign code. Time stamps are not
 * honoured: an expired signer is untrusted even if the jar was stamped while it was valid.
 */
final class BundleSignatures {
    /** {@code id-kp-codeSigning} and {@code anyExtendedKeyUsage}. */
    private static final List<String> CODE_SIGNING_USAGES = List.of("1.3.6.1.5.5.7.3.3", "2.5.29.37.0");
    /** How many names of unsigned entries a refusal lists. */
    private static final int LISTED = 10;

    private final Set<TrustAnchor> anchors = new HashSet<>();
    private final Set<X509Certificate> trusted = new LinkedHashSet<>();

    /** @throws KeyStoreException if the store cannot be read or holds no X.509 certificate */
    BundleSignatures(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias) || store.isKeyEntry(alias)) {
                Certificate c = store.getCertificate(alias); // a key entry: the first certificate of its chain
                if (c instanceof X509Certificate x) {
                    trusted.add(x);
                }
            }
        }
        if (trusted.isEmpty()) {
            throw new KeyStoreException("the trust store holds no X.509 certificate (is the password missing or wrong?)");
        }
        trusted.forEach(c -> anchors.add(new TrustAnchor(c, null)));
    }

    /**
     * Loads a trust store file, PKCS12 or JKS (the type is detected from the content).
     *
     * @param password the store's password; {@code null} or empty for none (a PKCS12 store of certificates only, written
     *        without encryption, or a JKS store read without its integrity check)
     */
    static BundleSignatures load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(file.toFile(), password == null || password.length == 0 ? null : password);
        return new BundleSignatures(store);
    }

    /** @return how many certificates are trusted */
    int size() {
        return trusted.size();
    }

    /**
     * Reads every entry of the jar (which verifies it against its signature) and checks who signed it.
     *
     * @return the certificate of the signer that the trust store vouches for
     * @throws JarSignatureException why the jar is refused
     */
    X509Certificate check(Path jar) throws JarSignatureException {
        List<String> unsigned = new ArrayList<>();
        Set<CodeSigner> common = null;
        boolean signatureFiles = false;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            byte[] buffer = new byte[8192];
            for (JarEntry entry : Collections.list(file.entries())) {
                try (InputStream in = file.getInputStream(entry)) {
                    while (in.read(buffer) != -1) {
                        // the signers of an entry are known once it is read to the end
                    }
                }
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (signatureRelated(name)) {
                    signatureFiles |= !name.equalsIgnoreCase(JarFile.MANIFEST_NAME);
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned.add(name);
                } else if (common == null) {
                    common = new LinkedHashSet<>(List.of(signers));
                } else {
                    common.retainAll(List.of(signers));
                }
            }
        } catch (SecurityException e) {
            throw new JarSignatureException(Reason.INVALID_SIGNATURE, "the jar does not match its signature (changed after"
                    + " signing): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new JarSignatureException(Reason.UNREADABLE, "not a readable jar file: " + e.getMessage());
        }
        if (common == null && signatureFiles) {
            // the JDK treats a signature it cannot verify as none: a signature file changed, or a disabled algorithm
            throw new JarSignatureException(Reason.INVALID_SIGNATURE, "the jar has signature files, but no entry verifies"
                    + " against them (changed after signing, or made with algorithms this Java no longer accepts)");
        }
        if (common == null) {
            throw new JarSignatureException(Reason.UNSIGNED, "the jar is not signed");
        }
        if (!unsigned.isEmpty()) {
            throw new JarSignatureException(Reason.PARTLY_SIGNED, unsigned.size() + " entries of the jar are not signed"
                    + " (added after signing?)", unsigned.subList(0, Math.min(LISTED, unsigned.size())));
        }
        if (common.isEmpty()) {
            throw new JarSignatureException(Reason.PARTLY_SIGNED, "no one signer signed every entry of the jar");
        }
        List<String> reasons = new ArrayList<>();
        for (CodeSigner signer : common) {
            CertPath path = signer.getSignerCertPath();
            String why = whyUntrusted(path);
            X509Certificate cert = (X509Certificate) path.getCertificates().get(0);
            if (why == null) {
                return cert;
            }
            reasons.add(cert.getSubjectX500Principal().getName() + ": " + why);
        }
        throw new JarSignatureException(Reason.UNTRUSTED, "the jar is signed, but not by a certificate the trust store vouches"
                + " for", reasons);
    }

    /** The manifest and the signature files directly under {@code META-INF/}, which are not signed themselves. */
    static boolean signatureRelated(String name) {
        String upper = name.toUpperCase(Locale.ENGLISH);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.equals("MANIFEST.MF") || file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA")
                || file.endsWith(".EC") || file.startsWith("SIG-");
    }

    /** @return {@code null} if the signer's certificate path is trusted, else why not */
    private String whyUntrusted(CertPath path) {
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : path.getCertificates()) {
            if (!(c instanceof X509Certificate x)) {
                return "not an X.509 certificate";
            }
            certs.add(x);
        }
        if (certs.isEmpty()) {
            return "no certificate";
        }
        String usage = notForCodeSigning(certs.get(0));
        if (usage != null) {
            return usage;
        }
        // validate up to the first certificate that is in the store itself; the store's certificates are the anchors
        int end = 0;
        while (end < certs.size() && !trusted.contains(certs.get(end))) {
            end++;
        }
        try {
            if (end == 0) {
                certs.get(0).checkValidity();
                return null;
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPath chain = CertificateFactory.getInstance("X.509").generateCertPath(certs.subList(0, end));
            CertPathValidator.getInstance("PKIX").validate(chain, params);
            return null;
        } catch (CertPathValidatorException e) {
            return "its certificate path does not validate: " + e.getMessage();
        } catch (CertificateException e) {
            return "its certificate is not valid: " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return "its certificate path cannot be checked: " + e;
        }
    }

    private static String notForCodeSigning(X509Certificate c) {
        boolean[] keyUsage = c.getKeyUsage();
        if (keyUsage != null && !keyUsage[0] && !(keyUsage.length > 1 && keyUsage[1])) {
            return "its key usage does not allow signing";
        }
        try {
            List<String> extended = c.getExtendedKeyUsage();
            if (extended != null && extended.stream().noneMatch(CODE_SIGNING_USAGES::contains)) {
                return "its extended key usage does not include code signing";
            }
        } catch (CertificateException e) {
            return "its extended key usage cannot be read: " + e.getMessage();
        }
        return null;
    }
}
