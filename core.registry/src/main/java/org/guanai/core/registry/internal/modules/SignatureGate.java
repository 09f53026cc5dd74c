package org.guanai.core.registry.internal.modules;

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
 * The signature gate of module administration: who may install code that then runs as the server's user.
 * <ul>
 * <li>{@code guanai.truststore} set: a jar is accepted only if {@link BundleSignatures} finds it signed by a certificate
 * of that trust store ({@code guanai.truststore.password} opens it). A trust store that is set but cannot be loaded
 * closes the gate: every jar is refused until the setting is fixed and the core restarted; unsigned code never gets in
 * because a file was missing. The trust store decides even when unsigned modules are allowed.</li>
 * <li>no trust store, and unsigned modules allowed ({@code guanai.allow.unsigned=true}, else the environment variable
 * {@code GUANAI_ALLOW_UNSIGNED=true}, or demo mode {@code guanai.demo=true}): nothing is checked.</li>
 * <li>no trust store and nothing allowed (the default): every jar is refused with {@value #SIGNING_REQUIRED}, saying how
 * to configure signing.</li>
 * </ul>
 * The programmes shipped inside guanai.jar do not pass this gate: they are checked against the digests recorded when
 * the platform was built ({@link BundledDigests}).
 */
final class SignatureGate {
    static final String TRUSTSTORE = "guanai.truststore";
    static final String TRUSTSTORE_PASSWORD = "guanai.truststore.password";
    /** Framework property that allows unsigned modules when no trust store is configured. */
    static final String ALLOW_UNSIGNED = "guanai.allow.unsigned";
    /** The environment variable read when {@value #ALLOW_UNSIGNED} is not set. */
    static final String ALLOW_UNSIGNED_ENV = "GUANAI_ALLOW_UNSIGNED";
    /** Demo mode allows unsigned modules too. */
    static final String DEMO = "guanai.demo";
    /** The error code of a refusal because nothing is configured: no trust store and unsigned modules not allowed. */
    static final String SIGNING_REQUIRED = "signing_required";

    /** The configured trust store, {@code null} without one. */
    private final Path trustStore;
    /** {@code null} without a trust store or when it cannot be loaded. */
    private final BundleSignatures signatures;
    /** Why the configured trust store could not be loaded; {@code null} unless the gate is closed. */
    private final String problem;
    /** Which setting allows unsigned modules, {@code null} when none does (or a trust store decides). */
    private final String unsignedAllowedBy;

    private SignatureGate(Path trustStore, BundleSignatures signatures, String problem, String unsignedAllowedBy) {
        this.trustStore = trustStore;
        this.signatures = signatures;
        this.problem = problem;
        this.unsignedAllowedBy = trustStore == null ? unsignedAllowedBy : null;
    }

    /**
     * @param properties reads a framework property, e.g. {@code BundleContext::getProperty}
     * @param environment reads an environment variable, e.g. {@code System::getenv}
     */
    static SignatureGate configure(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String allowedBy = unsignedAllowedBy(properties, environment);
        String location = properties.apply(TRUSTSTORE);
        if (location == null || location.isBlank()) {
            return new SignatureGate(null, null, null, allowedBy);
        }
        Path file = Path.of(location.trim()).toAbsolutePath();
        String password = properties.apply(TRUSTSTORE_PASSWORD);
        try {
            return new SignatureGate(file, BundleSignatures.load(file, password == null ? null : password.toCharArray()), null,
                    allowedBy);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new SignatureGate(file, null, e.getClass().getSimpleName() + ": " + e.getMessage(), allowedBy);
        }
    }

    /**
     * The setting that allows unsigned modules: the framework property, else the environment variable; when neither is
     * set, demo mode. An explicit {@code false} is kept, also in demo mode.
     */
    private static String unsignedAllowedBy(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String source = ALLOW_UNSIGNED;
        String value = properties.apply(ALLOW_UNSIGNED);
        if (value == null || value.isBlank()) {
            source = ALLOW_UNSIGNED_ENV;
            value = environment.apply(ALLOW_UNSIGNED_ENV);
        }
        if (value != null && !value.isBlank()) {
            return Boolean.parseBoolean(value.trim()) ? source + "=true" : null;
        }
        String demo = properties.apply(DEMO);
        return demo != null && Boolean.parseBoolean(demo.trim()) ? "demo mode (" + DEMO + "=true)" : null;
    }

    /** @return whether jars must be signed: a trust store is configured, or unsigned modules are not allowed */
    boolean required() {
        return unsignedAllowedBy == null;
    }

    /** @return whether a trust store is configured (loaded or not): it decides */
    boolean trustStoreConfigured() {
        return trustStore != null;
    }

    /** @return the setting that allows unsigned modules, {@code null} when jars must be signed */
    String unsignedAllowedBy() {
        return unsignedAllowedBy;
    }

    /** @return whether the trust store is configured but could not be loaded: every jar is refused */
    boolean closed() {
        return trustStore != null && signatures == null;
    }

    /** For the log at activation. */
    String describe() {
        if (trustStore == null) {
            return unsignedAllowedBy != null ? "unsigned modules are allowed (" + unsignedAllowedBy + "): module signatures are"
                    + " not checked; set " + TRUSTSTORE + " to require them"
                    : "no trust store (" + TRUSTSTORE + ") is configured and unsigned modules are not allowed: every module"
                            + " install and update is refused until one is (" + SIGNING_HOWTO + ")";
        }
        if (signatures == null) {
            return "the trust store " + trustStore + " (" + TRUSTSTORE + ") cannot be loaded: " + problem
                    + "; every module install and update is refused until it is fixed";
        }
        return "modules must be signed by a certificate of the trust store " + trustStore + " (" + signatures.size()
                + " certificates)";
    }

    /** How to configure signing, for the log and the refusal (the texts for users are in the message bundles). */
    static final String SIGNING_HOWTO = "sign the jar with jarsigner, put the signing certificate in a trust store and set"
            + " GUANAI_TRUSTSTORE (-D" + TRUSTSTORE + "), or allow unsigned modules with GUANAI_ALLOW_UNSIGNED=true;"
            + " see README.md#signed-modules";

    /**
     * Refuses a jar that may not be installed; nothing to do when unsigned modules are allowed.
     *
     * @param work a directory where the jar may be written while it is checked
     * @return the subject of the trusted signer, {@code null} when nothing is checked
     * @throws ModuleException {@code REFUSED} {@value #SIGNING_REQUIRED} without a trust store, {@code REFUSED} with
     *         the code of {@link JarSignatureException.Reason}, or {@code UNAVAILABLE} {@code truststore_unavailable} when
     *         the gate is closed
     */
    String require(byte[] jar, Path work) {
        if (unsignedAllowedBy != null) {
            return null;
        }
        if (trustStore == null) {
            throw new ModuleException(ModuleException.Kind.REFUSED, SIGNING_REQUIRED, "no trust store is configured (" + TRUSTSTORE
                    + ") and unsigned modules are not allowed");
        }
        if (signatures == null) {
            throw new ModuleException(ModuleException.Kind.UNAVAILABLE, "truststore_unavailable", "the trust store " + trustStore + " (" + TRUSTSTORE
                    + ") cannot be loaded: " + problem);
        }
        try {
            X509Certificate signer = check(jar, work);
            return signer.getSubjectX500Principal().getName();
        } catch (JarSignatureException e) {
            if (e.reason == JarSignatureException.Reason.UNREADABLE) {
                throw new ModuleException(ModuleException.Kind.INVALID, "not_a_bundle", e.getMessage());
            }
            throw new ModuleException(ModuleException.Kind.REFUSED, e.code(), e.getMessage(), e.details);
        }
    }

    /**
     * What {@link #require} would say, for a dry run: {@code required}, {@code outcome} and the signer or the reason;
     * {@code allowedBy} when unsigned modules are allowed.
     */
    Map<String, Object> report(byte[] jar, Path work) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("required", required());
        if (unsignedAllowedBy != null) {
            m.put("outcome", "not_checked");
            m.put("allowedBy", unsignedAllowedBy);
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
