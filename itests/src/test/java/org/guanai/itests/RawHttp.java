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
            return parse(s.getInputStream().readAllBytes());
        }
    }

    private static Response parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP head in: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> te = headers.get("transfer-encoding");
        byte[] body = te != null && te.get(0).equalsIgnoreCase("chunked") ? dechunk(rest) : rest;
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream s = new java.io.ByteArrayInputStream(in);
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c; (c = s.read()) != '\n';) {
                if (c < 0) {
                    throw new IOException("truncated chunked body");
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int semi = size.indexOf(";");
            int n = Integer.parseInt((semi < 0 ? size.toString() : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(s.readNBytes(n));
            s.skip(2);
        }
    }
}
