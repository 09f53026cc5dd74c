package org.guanai.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a socket bound to a chosen local address (127.0.0.2, 127.0.0.3 … reach the server bound
 * to 127.0.0.1 on Linux), so that a test can be a reverse proxy or a second client machine: java.net.http cannot choose
 * its local address on Java 17.
 */
final class RawHttp {
    /** An answer: status, headers by lower-case name, body. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    private final String from;
    private final URI base;

    /**
     * @param from the local address the requests come from
     * @param base the server, e.g. {@code http://127.0.0.1:8080}
     */
    RawHttp(String from, String base) {
        this.from = from;
        this.base = URI.create(base);
    }

    /** Sends {@code method path} with {@code headers} (name, value, name, value …) and a JSON body, if any. */
    Response send(String method, String path, String json, String... headers) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new java.io.BufferedInputStream(s.getInputStream()));
        }
    }

    /**
     * Reads one answer off a connection: its head, then a body of {@code Content-Length} bytes, chunked, or (neither)
     * up to the end of the stream. Leaves the stream at the next answer of a kept-alive connection.
     */
    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection was closed before an answer");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h; (h = line(in)) != null && !h.isEmpty();) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String> te = headers.get("transfer-encoding");
        List<String> length = headers.get("content-length");
        byte[] body;
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n; (n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0;) {
                out.write(in.readNBytes(n));
                line(in);
            }
            line(in);
            body = out.toByteArray();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = status == 204 || status == 304 ? new byte[0] : in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** One line without its CR LF; {@code null} at the end of the stream before any byte of it. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n';) {
            if (c < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("the connection was closed in the middle of a line: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
