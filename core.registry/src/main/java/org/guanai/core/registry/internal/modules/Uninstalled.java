package org.guanai.core.registry.internal.modules;

/** An uninstalled module: its data (tables, enablement) is kept, so reinstalling it finds everything again. */
public record Uninstalled(String bsn, String version, String result, boolean dataKept) {
    static Uninstalled of(String bsn, String version) {
        return new Uninstalled(bsn, version, "uninstalled", true);
    }
}
