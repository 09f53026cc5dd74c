package org.guanai.sdk.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file a handler answers: an export, a calendar feed, a photo.
 *
 * @param mediaType the {@code Content-Type}, e.g. {@code text/csv;charset=UTF-8}
 * @param fileName  the name a browser saves it as (中文 allowed), or {@code null} for none
 * @param inline    shown in the browser ({@code true}) or saved ({@code false})
 * @param writer    writes the content
 */
public record Download(String mediaType, String fileName, boolean inline, Writer writer) {

    /** Writes a file's content. */
    @FunctionalInterface
    public interface Writer {
        /** @param out where to write; not to be closed */
        void write(OutputStream out) throws IOException;
    }

    /** @return a file to save, with the given bytes */
    public static Download attachment(String mediaType, String fileName, byte[] content) {
        byte[] copy = content.clone();
        return new Download(mediaType, fileName, false, out -> out.write(copy));
    }

    /** @return a file to show in the browser, with the given bytes */
    public static Download inline(String mediaType, String fileName, byte[] content) {
        byte[] copy = content.clone();
        return new Download(mediaType, fileName, true, out -> out.write(copy));
    }
}
