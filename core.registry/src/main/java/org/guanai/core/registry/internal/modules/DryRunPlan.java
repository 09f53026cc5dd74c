package org.guanai.core.registry.internal.modules;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What installing or updating with a jar would do, nothing changed: the jar, its signature check
 * ({@link SignatureGate#report}), {@code install} or {@code update} (with the version installed now), the bundles that
 * would be refreshed and restarted, what no bundle provides, and the problems; {@code ok} when there are none.
 */
public record DryRunPlan(String bsn, String version, String programme, int entries, long uncompressedBytes,
        Map<String, Object> signature, String action, @JsonInclude(JsonInclude.Include.NON_NULL) String currentVersion,
        List<String> refreshed, List<String> restarted, List<String> missingRequirements, List<String> problems,
        boolean ok) {
}
