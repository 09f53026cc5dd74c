package org.guanai.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one kept-alive socket to 127.0.0.1: GET only, Content-Length or chunked bodies. The load
 * generator shares two cores with the server under test, so it does as little work per request as it can (no header
 * maps, no URI parsing, no extra threads); {@link java.net.http.HttpClient} would spend noticeably more CPU per request.
 */
final class HttpConnection implements Closeable {
    /** The county administrator the bench starts Guanai with (HTTP Basic; the baseline ignores the header). */
    static final String ADMIN_PASSWORD = "Bench-county-2026";
    static final String AUTHORIZATION = basic("admin", ADMIN_PASSWORD);

    /** The {@code Authorization:} header line of HTTP Basic for this user. */
    static String basic(String user, String password) {
        return "Authorization: Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }


    /** A response: its status, its body, and whether the server will close the connection. */
    record Response(int status, byte[] body, boolean close) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final Reader in;
    private final OutputStream out;
    private final String hostHeader;

    HttpConnection(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = new Reader(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        hostHeader = "127.0.0.1:" + port;
    }

    /** One GET on this connection. */
    Response get(String path) throws IOException {
        return get(path, AUTHORIZATION);
    }

    /** One GET on this connection with this {@code Authorization:} header line. */
    Response get(String path, String authorization) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n" + authorization
                + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return in.response();
    }

    /** One GET on a new connection, closed afterwards. */
    static Response getOnce(int port, String path, int timeoutMillis) throws IOException {
        return getOnce(port, path, timeoutMillis, AUTHORIZATION);
    }

    /** The same with this {@code Authorization:} header line. */
    static Response getOnce(int port, String path, int timeoutMillis, String authorization) throws IOException {
        try (HttpConnection c = new HttpConnection(port, timeoutMillis)) {
            return c.get(path, authorization);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads responses from a stream with its own buffer. Package-private for unit tests. */
    static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        Response response() throws IOException {
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("connection closed by the server");
            }
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            boolean close = statusLine.startsWith("HTTP/1.0");
            long length = -1;
            boolean chunked = false;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) {
                            close = true;
                        } else if (v.contains("keep-alive")) {
                            close = false;
                        }
                    }
                    default -> {
                        // not needed
                    }
                }
            }
            if (h == null) {
                throw new EOFException("connection closed in the headers");
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new EOFException("connection closed in a chunked body");
                    }
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    if (n == 0) {
                        String trailer;
                        while ((trailer = line()) != null && !trailer.isEmpty()) {
                            // trailers are ignored
                        }
                        break;
                    }
                    all.write(bytes(n));
                    line();
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = bytes((int) length);
            } else if (status == 204 || status == 304 || status / 100 == 1) {
                body = new byte[0];
            } else {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (fill()) {
                    all.write(buf, pos, limit - pos);
                    pos = limit;
                }
                body = all.toByteArray();
                close = true;
            }
            return new Response(status, body, close);
        }

        /** A line without its CR LF, or null at the end of the stream before any byte. */
        private String line() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == limit && !fill()) {
                    return sb == null ? null : sb.toString();
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                int end = pos;
                boolean found = pos < limit;
                if (found) {
                    pos++;
                }
                if (sb == null) {
                    sb = new StringBuilder(Math.max(16, end - start));
                }
                for (int i = start; i < end; i++) {
                    sb.append((char) (buf[i] & 0xff));
                }
                if (found) {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
            }
        }

        private byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            int done = 0;
            while (done < n) {
                if (pos == limit && !fill()) {
                    throw new EOFException("connection closed in the body");
                }
                int k = Math.min(n - done, limit - pos);
                System.arraycopy(buf, pos, out, done, k);
                pos += k;
                done += k;
            }
            return out;
        }

        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }
}
