package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.modules.TestSigning.Key;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate module administration puts before every install and update, configured as ModuleManager configures it (from
 * framework properties, falling back to the environment): without a trust store it refuses every jar and says how to
 * configure signing, unless unsigned modules are allowed ({@code guanai.allow.unsigned}, {@code GUANAI_ALLOW_UNSIGNED},
 * demo mode); with one it refuses what is not signed by it; it refuses everything when the configured trust store
 * cannot be loaded. ModuleManager itself needs a framework: the module administration tests in itests and launcher run
 * it.
 */
class SignatureGateTest {
    @TempDir
    static Path tmp;

    private static TestSigning signing;
    private static Key signer;
    private static Path trustStore;
    private static byte[] unsigned;
    private static byte[] signed;

    @BeforeAll
    static void keys() throws Exception {
        signing = new TestSigning(tmp.resolve("keys"));
        Key ca = signing.ca("gate-ca");
        signer = signing.issued(ca, "gate-signer");
        trustStore = signing.trustStore("trust.p12", ca);
        unsigned = TestSigning.bundleJar("org.example.gate");
        signed = signing.sign(unsigned, signer);
    }

    private static SignatureGate gate(String trustStore, String password) {
        Map<String, String> properties = new HashMap<>();
        properties.put(SignatureGate.TRUSTSTORE, trustStore);
        properties.put(SignatureGate.TRUSTSTORE_PASSWORD, password);
        return SignatureGate.configure(properties::get, name -> null);
    }

    /** A gate without trust store, from these framework properties and environment variables. */
    private static SignatureGate withoutTrustStore(Map<String, String> properties, Map<String, String> environment) {
        return SignatureGate.configure(properties::get, environment::get);
    }

    private static Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void withoutTrustStoreEveryJarIsRefusedSayingHowToConfigureSigning() throws Exception {
        for (SignatureGate gate : List.of(gate(null, null), gate("  ", "ignored"), withoutTrustStore(Map.of(SignatureGate.DEMO, "false"),
                Map.of()), withoutTrustStore(Map.of(SignatureGate.ALLOW_UNSIGNED, "false", SignatureGate.DEMO, "true"), Map.of()),
                withoutTrustStore(Map.of(SignatureGate.DEMO, "true"), Map.of(SignatureGate.ALLOW_UNSIGNED_ENV, "false")))) {
            assertTrue(gate.required());
            assertFalse(gate.closed());
            assertTrue(gate.describe().contains("every module install and update is refused"), gate.describe());
            for (byte[] jar : List.of(unsigned, signed)) {
                ModuleException e = assertThrows(ModuleException.class, () -> gate.require(jar, work()));
                assertEquals(ModuleException.Kind.REFUSED, e.kind);
                assertEquals(SignatureGate.SIGNING_REQUIRED, e.code);
                assertTrue(e.getMessage().contains("no trust store"), e.getMessage());
            }
            Map<String, Object> plan = gate.report(unsigned, work());
            assertEquals(true, plan.get("required"));
            assertEquals(SignatureGate.SIGNING_REQUIRED, plan.get("outcome"));
        }
    }

    @Test
    void unsignedModulesAllowedExplicitlyOrInDemoMode() throws Exception {
        Map<SignatureGate, String> allowed = new java.util.LinkedHashMap<>();
        allowed.put(withoutTrustStore(Map.of(SignatureGate.ALLOW_UNSIGNED, "true"), Map.of()), "guanai.allow.unsigned=true");
        allowed.put(withoutTrustStore(Map.of(), Map.of(SignatureGate.ALLOW_UNSIGNED_ENV, "TRUE")), "GUANAI_ALLOW_UNSIGNED=true");
        allowed.put(withoutTrustStore(Map.of(SignatureGate.DEMO, "true"), Map.of()), "demo mode");
        allowed.put(withoutTrustStore(Map.of(SignatureGate.ALLOW_UNSIGNED, "true"), Map.of(SignatureGate.ALLOW_UNSIGNED_ENV, "false")),
                "guanai.allow.unsigned=true");
        for (Map.Entry<SignatureGate, String> e : allowed.entrySet()) {
            SignatureGate open = e.getKey();
            assertFalse(open.required(), e.getValue());
            assertTrue(open.unsignedAllowedBy().contains(e.getValue()), open.unsignedAllowedBy());
            assertTrue(open.describe().contains("not checked"), open.describe());
            assertNull(open.require(unsigned, work()));
            assertNull(open.require("garbage".getBytes(), work()), "not even a jar: inspected elsewhere");
            assertEquals("not_checked", open.report(unsigned, work()).get("outcome"));
        }
    }

    @Test
    void aTrustStoreDecidesEvenWhenUnsignedModulesAreAllowed() throws Exception {
        SignatureGate gate = SignatureGate.configure(Map.of(SignatureGate.TRUSTSTORE, trustStore.toString(), SignatureGate.TRUSTSTORE_PASSWORD,
                TestSigning.PASSWORD, SignatureGate.ALLOW_UNSIGNED, "true", SignatureGate.DEMO, "true")::get, name -> "true");
        assertTrue(gate.required());
        assertEquals("unsigned", assertThrows(ModuleException.class, () -> gate.require(unsigned, work())).code);
        assertTrue(gate.require(signed, work()).contains("CN=gate-signer"));
    }

    @Test
    void withTrustStoreOnlyTrustedSignaturesPass() throws Exception {
        SignatureGate gate = gate(trustStore.toString(), TestSigning.PASSWORD);
        assertTrue(gate.required());
        assertFalse(gate.closed());
        assertTrue(gate.describe().contains("1 certificates"), gate.describe());
        assertTrue(gate.require(signed, work()).contains("CN=gate-signer"));

        ModuleException e = assertThrows(ModuleException.class, () -> gate.require(unsigned, work()));
        assertEquals(ModuleException.Kind.REFUSED, e.kind);
        assertEquals("unsigned", e.code);
        byte[] added = TestSigning.withEntry(signed, "org/example/signed/Evil.class", new byte[] { 1 });
        assertEquals("partly_signed", assertThrows(ModuleException.class, () -> gate.require(added, work())).code);
        byte[] changed = TestSigning.withEntry(signed, "org/example/signed/hello.txt", "changed".getBytes());
        assertEquals("invalid_signature", assertThrows(ModuleException.class, () -> gate.require(changed, work())).code);
        byte[] stranger = signing.sign(unsigned, signing.selfSigned("gate-stranger"));
        ModuleException untrusted = assertThrows(ModuleException.class, () -> gate.require(stranger, work()));
        assertEquals(ModuleException.Kind.REFUSED, untrusted.kind);
        assertEquals("untrusted", untrusted.code);
        assertTrue(untrusted.details.toString().contains("CN=gate-stranger"), untrusted.details.toString());
        ModuleException garbage = assertThrows(ModuleException.class, () -> gate.require("garbage".getBytes(), work()));
        assertEquals(ModuleException.Kind.INVALID, garbage.kind);
        assertEquals("not_a_bundle", garbage.code, "as for any upload that is no jar");

        try (Stream<Path> left = Files.list(work())) {
            assertEquals(List.of(), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void dryRunReportsTheOutcome() throws Exception {
        SignatureGate gate = gate(trustStore.toString(), TestSigning.PASSWORD);
        Map<String, Object> ok = gate.report(signed, work());
        assertEquals(true, ok.get("required"));
        assertEquals("trusted", ok.get("outcome"));
        assertTrue(ok.get("signer").toString().contains("CN=gate-signer"));
        assertFalse(ok.containsKey("message"));
        Map<String, Object> refused = gate.report(unsigned, work());
        assertEquals("unsigned", refused.get("outcome"));
        assertTrue(refused.get("message").toString().contains("not signed"), refused.toString());
    }

    @Test
    void trustStoreThatCannotBeLoadedRefusesEverything() throws Exception {
        List<SignatureGate> broken = List.of(gate(tmp.resolve("no-such.p12").toString(), null),
                gate(trustStore.toString(), "wrong-password"),
                gate(trustStore.toString(), null), // its certificates are encrypted: it opens empty without password
                gate(Files.writeString(tmp.resolve("not-a-store.p12"), "garbage").toString(), null));
        for (SignatureGate gate : broken) {
            assertTrue(gate.required(), gate.describe());
            assertTrue(gate.closed(), gate.describe());
            assertTrue(gate.describe().contains("cannot be loaded"), gate.describe());
            for (byte[] jar : List.of(signed, unsigned)) {
                ModuleException e = assertThrows(ModuleException.class, () -> gate.require(jar, work()));
                assertEquals(ModuleException.Kind.UNAVAILABLE, e.kind);
                assertEquals("truststore_unavailable", e.code);
            }
            assertEquals("truststore_unavailable", gate.report(signed, work()).get("outcome"));
        }
        assertFalse(gate(trustStore.toString(), "wrong-password").describe().contains("wrong-password"), "no password in the log");
    }

    @Test
    void everyRefusalHasItsOwnTextInBothLanguages() {
        Messages messages = new Messages();
        for (String code : List.of("unsigned", "partly_signed", "invalid_signature", "untrusted", "truststore_unavailable",
                SignatureGate.SIGNING_REQUIRED)) {
            String key = "error.module." + code;
            assertTrue(messages.has(key), key);
            TestSupport.assertBilingual(new FieldError(code, messages.zh(key), messages.en(key)));
        }
        assertFalse(messages.has("error.module.no_such_code"));
    }

    /** The refusal without a trust store tells, in both languages, how to configure signing. */
    @Test
    void signingRequiredSaysHowToConfigureSigning() {
        Messages messages = new Messages();
        ModuleException e = new ModuleException(ModuleException.Kind.REFUSED, SignatureGate.SIGNING_REQUIRED, "no trust store");
        for (String text : List.of(e.messageZh(messages), e.messageEn(messages))) {
            for (String hint : List.of("jarsigner", "GUANAI_TRUSTSTORE", "GUANAI_ALLOW_UNSIGNED=true", "README.md#signed-modules")) {
                assertTrue(text.contains(hint), hint + " in " + text);
            }
        }
        assertTrue(e.messageZh(messages).contains("信任库"), e.messageZh(messages));
    }
}
