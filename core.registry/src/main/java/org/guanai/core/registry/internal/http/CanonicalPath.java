package org.guanai.core.registry.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a request path, as the client sent it (still percent-encoded), is in the one form the platform routes: the
 * route policy, the programme gate and the servlets all see the decoded path, so any path that decodes to something
 * other than what it reads as is refused before they run. Refused: path parameters ({@code ;}), percent-encoded ASCII
 * characters ({@code %2f}, {@code %2e}, {@code %5c}, {@code %00}, {@code %25} …; no canonical path needs one),
 * malformed percent-encoding, percent-encoded bytes that are not well-formed UTF-8 (overlong forms included),
 * backslashes, control characters, empty segments ({@code //}) and {@code .} or {@code ..} segments. A trailing
 * {@code /} is kept: {@code GET /api/programmes/<id>/} is a route.
 */
final class CanonicalPath {
    private CanonicalPath() {
    }

    /** @return why {@code raw} is not canonical (for the log), or {@code null} when it is */
    static String problem(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return "not an absolute path";
        }
        ByteBuffer encoded = ByteBuffer.allocate(raw.length() / 3 + 1);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int low = i + 2 < raw.length() ? hex(raw.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    return "malformed percent-encoding";
                }
                int b = high << 4 | low;
                if (b < 0x80) {
                    return "percent-encoded ASCII character";
                }
                encoded.put((byte) b);
                i += 2;
                continue;
            }
            if (!wellFormedUtf8(encoded)) {
                return "percent-encoded bytes that are not UTF-8";
            }
            if (c == ';') {
                return "path parameter";
            }
            if (c == '\\') {
                return "backslash";
            }
            if (c < 0x20 || c == 0x7f) {
                return "control character";
            }
        }
        if (!wellFormedUtf8(encoded)) {
            return "percent-encoded bytes that are not UTF-8";
        }
        String[] segments = raw.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && i < segments.length - 1) {
                return "empty segment";
            }
            if (s.equals(".") || s.equals("..")) {
                return "dot segment";
            }
        }
        return null;
    }

    /** The value of an ASCII hexadecimal digit, or -1. */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** Decodes and clears the run of percent-encoded bytes collected so far. */
    private static boolean wellFormedUtf8(ByteBuffer run) {
        if (run.position() == 0) {
            return true;
        }
        run.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(run);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        } finally {
            run.clear();
        }
    }
}
