package org.guanai.core.registry.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which peers' X-Forwarded-For and X-Forwarded-Proto are believed, and which address is the client's. */
class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.1, 192.168.0.0/16 ,fd00::/8,, bogus, 10.0.0.300,"
            + " 1.2.3.4/33, 172.16.0.0/x, localhost");

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(List.of(values));
    }

    @Test
    void addressesAndRangesAreParsedAndTheRestReported() {
        assertEquals(List.of("bogus", "10.0.0.300", "1.2.3.4/33", "172.16.0.0/x", "localhost"), proxies.invalid());
        assertTrue(proxies.trusts("10.0.0.1"));
        assertFalse(proxies.trusts("10.0.0.2"));
        assertTrue(proxies.trusts("192.168.250.7"));
        assertFalse(proxies.trusts("192.169.0.1"));
        assertTrue(proxies.trusts("fd12:3456::1"));
        assertTrue(proxies.trusts("[fd00::1]"));
        assertFalse(proxies.trusts("fe80::1"));
        assertTrue(proxies.trusts("::ffff:192.168.1.1"), "IPv4-mapped IPv6");
        assertFalse(proxies.trusts("localhost"), "a name is never looked up");
        assertNull(TrustedProxies.literal("example.org"));
        assertNull(TrustedProxies.literal("1234"));
        assertTrue(TrustedProxies.parse("").isEmpty());
        assertTrue(TrustedProxies.parse(null).isEmpty());
        assertTrue(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.9"));
        assertTrue(TrustedProxies.parse("10.1.2.3/20").trusts("10.1.15.255"));
        assertFalse(TrustedProxies.parse("10.1.2.3/20").trusts("10.1.16.0"));
    }

    @Test
    void aPeerThatIsNotTrustedIsTheClientWhateverItSends() {
        assertEquals("203.0.113.9", proxies.client("203.0.113.9", headers("198.51.100.1")));
        assertFalse(proxies.https("203.0.113.9", headers("https")));
        TrustedProxies none = TrustedProxies.parse("");
        assertEquals("10.0.0.1", none.client("10.0.0.1", headers("198.51.100.1")));
        assertFalse(none.https("10.0.0.1", headers("https")));
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightMostUntrustedAddress() {
        assertEquals("10.0.0.1", proxies.client("10.0.0.1", null), "no header: the proxy itself");
        assertEquals("203.0.113.5", proxies.client("10.0.0.1", headers("203.0.113.5")));
        // the client wrote 6.6.6.6 itself; the proxy appended the address it saw
        assertEquals("203.0.113.5", proxies.client("10.0.0.1", headers("6.6.6.6, 203.0.113.5")));
        assertEquals("203.0.113.5", proxies.client("10.0.0.1", headers("6.6.6.6", "203.0.113.5")), "several headers");
        // two trusted proxies in a row
        assertEquals("203.0.113.5", proxies.client("10.0.0.1", headers("6.6.6.6, 203.0.113.5, 192.168.1.1")));
        // everything trusted: the left-most
        assertEquals("192.168.1.2", proxies.client("10.0.0.1", headers("192.168.1.2, 192.168.1.1")));
        // garbage where an address should be: the proxy that passed it on
        assertEquals("192.168.1.1", proxies.client("10.0.0.1", headers("203.0.113.5, evil.example.org, 192.168.1.1")));
        assertEquals("10.0.0.1", proxies.client("10.0.0.1", headers("unknown")));
        assertEquals("2001:db8:0:0:0:0:0:7", proxies.client("10.0.0.1", headers("2001:db8::7")));
        assertEquals("203.0.113.5", proxies.client("fd00::2", headers("203.0.113.5")));
    }

    @Test
    void httpsCountsOnlyFromATrustedProxy() {
        assertTrue(proxies.https("10.0.0.1", headers("https")));
        assertTrue(proxies.https("10.0.0.1", headers("HTTPS")));
        assertFalse(proxies.https("10.0.0.1", headers("http")));
        assertTrue(proxies.https("10.0.0.1", headers("http, https")), "the one the nearest proxy wrote");
        assertFalse(proxies.https("10.0.0.1", null));
        assertFalse(proxies.https("10.0.0.2", headers("https")));
    }
}
