package org.guanai.core.registry.internal.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses OSGi manifest headers ({@code Import-Package}, {@code Require-Capability} …) into clauses: comma-separated,
 * each with {@code ;}-separated names, attributes ({@code a=v}, {@code a:Type=v}) and directives ({@code d:=v}), values
 * optionally quoted. Used to check a bundle's requirements without installing it.
 */
final class ManifestClauses {

    /** One clause; a clause naming several paths ({@code p1;p2;version=1}) becomes one clause per path. */
    record Clause(String name, Map<String, String> attributes, Map<String, String> directives) {
    }

    private ManifestClauses() {
    }

    static List<Clause> parse(String header) {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> attrs = new LinkedHashMap<>();
            Map<String, String> dirs = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int dir = p.indexOf(":=");
                int eq = p.indexOf('=');
                if (dir > 0 && dir < eq) {
                    dirs.put(p.substring(0, dir).trim(), unquote(p.substring(dir + 2).trim()));
                } else if (eq > 0) {
                    String key = p.substring(0, eq).trim();
                    int colon = key.indexOf(':');
                    attrs.put(colon > 0 ? key.substring(0, colon) : key, unquote(p.substring(eq + 1).trim()));
                } else {
                    names.add(p);
                }
            }
            for (String n : names) {
                out.add(new Clause(n, attrs, dirs));
            }
        }
        return out;
    }

    /** Splits on a separator outside double quotes. */
    static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
