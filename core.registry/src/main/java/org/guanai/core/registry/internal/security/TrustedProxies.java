package org.guanai.core.registry.internal.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * ({@code guanai.trusted.proxies}: comma-separated IP addresses or CIDR ranges, IPv4 or IPv6). Behind nginx the direct
 * peer of every request is nginx; the client is the right-most address of {@code X-Forwarded-For} that is not itself a
 * trusted proxy (everything left of it was written by the client and proves nothing). A peer that is not trusted is the
 * client, whatever headers it sends. Nothing is trusted when the setting is empty.
 */
final class TrustedProxies {
    static final String PROPERTY = "guanai.trusted.proxies";
    static final String ENV = "GUANAI_TRUSTED_PROXIES";
    private static final Logger LOG = LoggerFactory.getLogger(TrustedProxies.class);
    /** A dotted IPv4 literal; anything else without a colon is not an address (and must never reach a DNS lookup). */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** The characters of an IPv6 literal (an embedded IPv4 tail included); a colon makes InetAddress parse, not look up. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A network: the address bytes and how many leading bits count. */
    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final List<String> invalid;

    private TrustedProxies(List<Range> ranges, List<String> invalid) {
        this.ranges = List.copyOf(ranges);
        this.invalid = List.copyOf(invalid);
    }

    /** Parses the setting; entries that are not an address or a range are left out (see {@link #invalid()}). */
    static TrustedProxies parse(String setting) {
        List<Range> ranges = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        if (setting != null) {
            for (String raw : setting.split(",")) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                Range r = range(entry);
                if (r == null) {
                    invalid.add(entry);
                } else {
                    ranges.add(r);
                }
            }
        }
        return new TrustedProxies(ranges, invalid);
    }

    /**
     * The framework property {@value #PROPERTY}, else the environment variable {@value #ENV}; invalid entries are
     * logged as errors and trusted nothing (fail closed: their headers are ignored).
     */
    static TrustedProxies configured(String property) {
        String setting = property == null || property.isBlank() ? System.getenv(ENV) : property;
        TrustedProxies t = parse(setting);
        for (String bad : t.invalid) {
            LOG.error("{}: '{}' is neither an IP address nor a CIDR range; ignored", PROPERTY, bad);
        }
        if (!t.ranges.isEmpty()) {
            LOG.info("Trusted reverse proxies ({}): {}; their X-Forwarded-For and X-Forwarded-Proto are honoured", PROPERTY,
                    setting.trim());
        }
        return t;
    }

    List<String> invalid() {
        return invalid;
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** @return whether {@code address} (a literal) is one of the trusted proxies */
    boolean trusts(String address) {
        byte[] a = literal(address);
        return a != null && ranges.stream().anyMatch(r -> r.contains(a));
    }

    /**
     * The client's address: the peer itself unless it is a trusted proxy; then, walking {@code X-Forwarded-For} from
     * the right, the first address that is not a trusted proxy (or the left-most one when all are). A malformed entry
     * ends the walk at the proxy that passed it on.
     *
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order (may be {@code null})
     */
    String client(String peer, Enumeration<String> forwardedFor) {
        if (ranges.isEmpty() || forwardedFor == null || !trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedFor)) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String current = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] a = literal(hops.get(i));
            if (a == null) {
                return current;
            }
            current = normalise(a, hops.get(i));
            if (!trusts(current)) {
                return current;
            }
        }
        return current;
    }

    /**
     * Whether the client reached the proxy over HTTPS: the peer is a trusted proxy and the right-most
     * {@code X-Forwarded-Proto} (the one the nearest proxy wrote) is {@code https}.
     */
    boolean https(String peer, Enumeration<String> forwardedProto) {
        if (ranges.isEmpty() || forwardedProto == null || !trusts(peer)) {
            return false;
        }
        String last = null;
        for (String header : Collections.list(forwardedProto)) {
            for (String v : header.split(",")) {
                last = v.trim();
            }
        }
        return "https".equalsIgnoreCase(last);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            return null;
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                return null;
            }
        }
        return new Range(network, prefix);
    }

    /** The bytes of an IP literal (IPv4-mapped IPv6 as IPv4), or {@code null}; never a DNS lookup. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (IPV4.matcher(t).matches()) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String normalise(byte[] a, String given) {
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            return given;
        }
    }
}
