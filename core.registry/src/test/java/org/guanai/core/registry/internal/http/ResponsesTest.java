package org.guanai.core.registry.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.guanai.core.registry.internal.Messages;
import org.junit.jupiter.api.Test;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

/** The headers {@link Responses} gives an answer. */
class ResponsesTest {
    @Test
    void anErrorAnswerIsNeverStoredAndDropsAnETagSetBeforeIt() throws Exception {
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse rs = response(headers);
        // what ProgrammeFileCaching sets for a programme's page file before the file turns out to be missing
        rs.setHeader("Cache-Control", "no-cache");
        rs.setHeader("ETag", "\"pairing-12-1700000000000\"");
        new Responses(new Messages()).error(rs, 404, "not_found", "error.notFound");
        assertEquals("no-store", headers.get("Cache-Control"));
        assertFalse(headers.containsKey("ETag"), headers.toString());
    }

    @Test
    void aSuccessfulAnswerKeepsItsCaching() throws Exception {
        Map<String, String> headers = new HashMap<>();
        HttpServletResponse rs = response(headers);
        rs.setHeader("Cache-Control", "no-cache");
        rs.setHeader("ETag", "\"pairing-12-1700000000000\"");
        new Responses(new Messages()).write(rs, 200, Map.of("ok", true));
        assertEquals("no-cache", headers.get("Cache-Control"));
        assertEquals("\"pairing-12-1700000000000\"", headers.get("ETag"));
    }

    /** A response that records its headers ({@code setHeader(name, null)} removes one, as in the servlet API). */
    private HttpServletResponse response(Map<String, String> headers) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int c) {
                body.write(c);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { HttpServletResponse.class },
                (proxy, m, args) -> switch (m.getName()) {
                    case "setHeader" -> {
                        if (args[1] == null) {
                            headers.remove((String) args[0]);
                        } else {
                            headers.put((String) args[0], (String) args[1]);
                        }
                        yield null;
                    }
                    case "setStatus", "setContentType", "setCharacterEncoding", "setContentLength" -> null;
                    case "getOutputStream" -> out;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
