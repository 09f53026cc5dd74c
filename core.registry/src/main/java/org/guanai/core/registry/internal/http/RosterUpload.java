package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.registry.RosterImports;
import org.guanai.core.registry.internal.registry.RosterReader.Format;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The upload of a roster import, under the schools' servlet ({@link SchoolServlet}). */
final class RosterUpload {
    private final RosterImports imports;
    private final Messages messages;
    private final Responses responses;

    RosterUpload(RosterImports imports, Messages messages, Responses responses) {
        this.imports = imports;
        this.messages = messages;
        this.responses = responses;
    }

    /**
     * {@code POST /api/schools/{sid}/roster/imports?dryRun=&filename=}: the file is the body (its content type, else the
     * {@code filename} parameter, else its first bytes say xlsx, xls or CSV), at most {@value RosterImports#MAX_FILE}
     * bytes ({@code 413} beyond); answers {@code 202 {"id","status":"RUNNING"}}.
     */
    void upload(HttpServletRequest rq, HttpServletResponse rs, long schoolId, boolean dryRun) throws IOException {
        String fileName = Optional.ofNullable(rq.getParameter("filename")).map(String::strip).filter(s -> !s.isEmpty())
                .orElse(null);
        String type = rq.getContentType();
        Optional<Format> byType = Format.named(type, null);
        if (byType.isEmpty() && type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            // a content type that is none of the three (application/json, multipart …): refused whatever the file name
            throw new ApiServlet.HttpError(415, "unsupported_media_type", List.of(messages.error("Content-Type", "import.file.format")));
        }
        Optional<Format> declared = byType.or(() -> Format.named(null, fileName));
        long mib = RosterImports.MAX_FILE >> 20;
        if (rq.getContentLengthLong() > RosterImports.MAX_FILE) {
            throw new ApiServlet.HttpError(413, "payload_too_large", List.of(messages.error("body", "import.file.tooLarge", mib)));
        }
        Path file = Files.createTempFile("guanai-roster-", ".upload");
        try {
            long size;
            try (InputStream in = rq.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                size = copy(in, out, RosterImports.MAX_FILE + 1);
            }
            if (size > RosterImports.MAX_FILE) {
                throw new ApiServlet.HttpError(413, "payload_too_large", List.of(messages.error("body", "import.file.tooLarge", mib)));
            }
            if (size == 0) {
                throw new ApiServlet.HttpError(400, "validation", List.of(messages.error("body", "error.body.required")));
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(8);
            }
            Format sniffed = Format.sniff(head);
            Format format = sniffed != Format.CSV ? sniffed : declared.orElse(Format.CSV);
            long id = imports.start(schoolId, dryRun, fileName, file, format);
            file = null; // the import owns it now
            ObjectNode body = responses.mapper().createObjectNode();
            body.put("id", id);
            body.put("status", RosterImports.RUNNING);
            rs.setHeader("Location", "/api/roster/imports/" + id);
            responses.write(rs, 202, body);
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buf); n >= 0 && total < limit; n = in.read(buf)) {
            out.write(buf, 0, (int) Math.min(n, limit - total));
            total += n;
        }
        return total;
    }
}
