package org.guanai.core.registry.internal.modules;

import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SHA-256 digests of the programmes shipped inside guanai.jar, recorded when the platform was built (the launcher's
 * build writes {@code programmes/programmes.sha256}) and handed to the core by the launcher in the framework property
 * {@value #PROPERTY}: {@code <file>=<hex>,<file>=<hex>…}. A jar of the bundled directory ({@link BundledModules}) is
 * trusted because it comes with the platform, so it is installed or updated from only if its content has the digest
 * recorded for its name: a jar changed on disk, or one the platform did not ship, is refused and never installed.
 */
final class BundledDigests {
    static final String PROPERTY = "guanai.modules.bundled.sha256";
    /** The jar's content differs from what the platform shipped under that name. */
    static final String MISMATCH = "bundled_digest_mismatch";
    /** No digest was recorded for a jar of that name: the platform did not ship it. */
    static final String NOT_RECORDED = "bundled_not_recorded";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+\\.jar");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** file name → SHA-256, lower-case hex */
    private final Map<String, String> digests;

    private BundledDigests(Map<String, String> digests) {
        this.digests = Collections.unmodifiableMap(digests);
    }

    /** @param value the property's value; {@code null} or malformed entries record nothing (their jars are refused) */
    static BundledDigests parse(String value) {
        Map<String, String> digests = new LinkedHashMap<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    String name = entry.substring(0, eq).trim();
                    String hex = entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
                    if (NAME.matcher(name).matches() && HEX.matcher(hex).matches()) {
                        digests.put(name, hex);
                    }
                }
            }
        }
        return new BundledDigests(digests);
    }

    /** @return the names of the jars the platform shipped, in the order recorded */
    Set<String> files() {
        return digests.keySet();
    }

    /** @return the digest recorded for {@code file}, lower-case hex, if the platform shipped a jar of that name */
    Optional<String> digest(String file) {
        return Optional.ofNullable(digests.get(file));
    }

    /**
     * @throws ModuleException REFUSED {@value #MISMATCH} or {@value #NOT_RECORDED}
     */
    void verify(String file, byte[] bytes) {
        String expected = digests.get(file);
        if (expected == null) {
            throw new ModuleException(ModuleException.Kind.REFUSED, NOT_RECORDED, file + " is not one of the programmes shipped with this platform"
                    + " (no SHA-256 recorded for it when guanai.jar was built)");
        }
        String actual = JarInspection.sha256(bytes);
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(expected), HexFormat.of().parseHex(actual))) {
            throw new ModuleException(ModuleException.Kind.REFUSED, MISMATCH, file + " does not match the programme shipped with this platform: SHA-256 "
                    + actual + ", recorded when guanai.jar was built " + expected + " (changed on disk?)");
        }
    }
}
