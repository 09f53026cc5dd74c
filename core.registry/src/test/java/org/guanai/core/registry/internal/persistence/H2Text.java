package org.guanai.core.registry.internal.persistence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Looks for a text in the bytes of an H2 file: what someone who copies the file could read without the key. */
public final class H2Text {
    private H2Text() {
    }

    /**
     * @return whether the text is readable in the bytes: as UTF-8, or as H2 writes strings (a character from U+0800 in
     *         three bytes like UTF-8 but without the continuation bits)
     */
    public static boolean readable(byte[] file, String text) {
        return indexOf(file, text.getBytes(StandardCharsets.UTF_8)) >= 0 || indexOf(file, h2Bytes(text)) >= 0;
    }

    private static byte[] h2Bytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (char c : s.toCharArray()) {
            if (c < 0x80) {
                out.write(c);
            } else if (c >= 0x800) {
                out.write(0xe0 | (c >> 12));
                out.write((c >> 6) & 0x3f);
                out.write(c & 0x3f);
            } else {
                out.write(0xc0 | (c >> 6));
                out.write(c & 0x3f);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
