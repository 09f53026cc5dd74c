package org.guanai.core.registry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The optional signature gate of module administration. Open when {@code guanai.truststore} is not set: nothing is
 * checked. When it is set, a jar is accepted only if {@link BundleSignatures} finds it signed by a certificate of that
 * trust store ({@code guanai.truststore.password} opens it). A trust store that is set but cannot be loaded closes the
 * gate: every jar is refused until the setting is fixed and the core restarted; unsigned code never gets in because a
 * file was missing.
 */
final class SignatureGate {
    static final String TRUSTSTORE = "guanai.truststore";
    static final String TRUSTSTORE_PASSWORD = "guanai.truststore.password";
    /** The status of a signature refusal: the upload is a jar, but not one that may be installed. */
    static final int REFUSED = 422;

    /** The configured trust store, {@code null} when the gate is open. */
    private final Path trustStore;
    /** {@code null} when the gate is open or closed. */
    private final BundleSignatures signatures;
    /** Why the configured trust store could not be loaded; {@code null} unless the gate is closed. */
    private final String problem;

    private SignatureGate(Path trustStore, BundleSignatures signatures, String problem) {
        this.trustStore = trustStore;
        this.signatures = signatures;
        this.problem = problem;
    }

    /** @param properties reads a framework property, e.g. {@code BundleContext::getProperty} */
    static SignatureGate configure(UnaryOperator<String> properties) {
        String location = properties.apply(TRUSTSTORE);
        if (location == null || location.isBlank()) {
            return new SignatureGate(null, null, null);
        }
        Path file = Path.of(location.trim()).toAbsolutePath();
        String password = properties.apply(TRUSTSTORE_PASSWORD);
        try {
            return new SignatureGate(file, BundleSignatures.load(file, password == null ? null : password.toCharArray()), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new SignatureGate(file, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** @return whether jars must be signed (the gate is configured, loaded or not) */
    boolean required() {
        return trustStore != null;
    }

    /** @return whether the trust store is configured but could not be loaded: every jar is refused */
    boolean closed() {
        return trustStore != null && signatures == null;
    }

    /** For the log at activation. */
    String describe() {
        if (trustStore == null) {
            return "module signatures not checked (" + TRUSTSTORE + " not set)";
        }
        if (signatures == null) {
            return "the trust store " + trustStore + " (" + TRUSTSTORE + ") cannot be loaded: " + problem
                    + "; every module install and update is refused until it is fixed";
        }
        return "modules must be signed by a certificate of the trust store " + trustStore + " (" + signatures.size()
                + " certificates)";
    }

    /**
     * Refuses a jar that may not be installed; nothing to do when the gate is open.
     *
     * @param work a directory where the jar may be written while it is checked
     * @return the subject of the trusted signer, {@code null} when the gate is open
     * @throws ModuleException {@value #REFUSED} with the code of {@link JarSignatureException.Reason}, or 503
     *         {@code truststore_unavailable} when the gate is closed
     */
    String require(byte[] jar, Path work) {
        if (trustStore == null) {
            return null;
        }
        if (signatures == null) {
            throw new ModuleException(503, "truststore_unavailable", "the trust store " + trustStore + " (" + TRUSTSTORE
                    + ") cannot be loaded: " + problem);
        }
        try {
            X509Certificate signer = check(jar, work);
            return signer.getSubjectX500Principal().getName();
        } catch (JarSignatureException e) {
            if (e.reason == JarSignatureException.Reason.UNREADABLE) {
                throw new ModuleException(400, "not_a_bundle", e.getMessage());
            }
            throw new ModuleException(REFUSED, e.code(), e.getMessage(), e.details);
        }
    }

    /** What {@link #require} would say, for a dry run: {@code required}, {@code outcome} and the signer or the reason. */
    Map<String, Object> report(byte[] jar, Path work) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("required", required());
        if (trustStore == null) {
            m.put("outcome", "not_checked");
            return m;
        }
        try {
            m.put("signer", require(jar, work));
            m.put("outcome", "trusted");
        } catch (ModuleException e) {
            m.put("outcome", e.code);
            m.put("message", e.getMessage());
            m.put("details", e.details);
        }
        return m;
    }

    /** {@link BundleSignatures} reads a file: the jar is written next to the stored modules while it is checked. */
    private X509Certificate check(byte[] jar, Path work) throws JarSignatureException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(work, "verify-", ".tmp");
            Files.write(tmp, jar);
            return signatures.check(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the jar to check its signature", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a stray temporary file: harmless, its name is never used again
                }
            }
        }
    }
}
