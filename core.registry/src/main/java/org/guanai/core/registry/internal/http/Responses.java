package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.guanai.sdk.http.Download;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes JSON responses and error bodies in 中文 and English; shared by the core's servlets and filters. One instance
 * (and one {@link ObjectMapper}, made on first use) per servlet or filter, never static.
 */
public final class Responses {
    private final Messages messages;
    /** Created on first use: building a Jackson mapper costs start-up time that a component may never need. */
    private volatile ObjectMapper json;

    public Responses(Messages messages) {
        this.messages = messages;
    }

    public ObjectMapper mapper() {
        ObjectMapper m = json;
        if (m == null) {
            synchronized (this) {
                m = json;
                if (m == null) {
                    json = m = createMapper();
                }
            }
        }
        return m;
    }

    /**
     * Answers a file (an export): its media type, {@code Content-Disposition} with the file name in UTF-8 (RFC 6266), and
     * the content, unless the request is a {@code HEAD}.
     */
    public static void download(HttpServletRequest rq, HttpServletResponse rs, int status, Download d) throws IOException {
        rs.setStatus(status);
        rs.setContentType(d.mediaType());
        if (d.fileName() != null) {
            String encoded = URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
            rs.setHeader("Content-Disposition", (d.inline() ? "inline" : "attachment") + "; filename*=UTF-8''" + encoded);
        }
        if (!rq.getMethod().equals("HEAD")) {
            OutputStream out = rs.getOutputStream();
            d.writer().write(out);
            out.flush();
        }
    }

    /**
     * Writes {@code body} as the answer. An error answer (4xx, 5xx) is never stored nor revalidated against what it
     * replaced: {@code Cache-Control: no-store} and no {@code ETag}, whatever a filter set before (a programme's page
     * file that is missing, {@link org.guanai.core.registry.internal.programmes.ProgrammeFileCaching}).
     */
    public void write(HttpServletResponse rs, int status, Object body) throws IOException {
        if (status >= 400) {
            rs.setHeader("Cache-Control", "no-store");
            rs.setHeader("ETag", null);
        }
        rs.setStatus(status);
        rs.setContentType("application/json;charset=UTF-8");
        rs.setCharacterEncoding("UTF-8");
        // whole, with its length: one write, no chunked encoding, and nothing half-sent when serialising fails
        byte[] bytes = mapper().writeValueAsBytes(body);
        rs.setContentLength(bytes.length);
        rs.getOutputStream().write(bytes);
    }

    /** The one mapper of this instance: ISO dates, and strict about what a client sends. */
    private ObjectMapper createMapper() {
        ObjectMapper m = new ObjectMapper();
        m.registerModule(new JavaTimeModule());
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // A missing or null flag (unattended, primary, away …) means false; version is always set by the servlet.
        m.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // a null inside a list or map ({"schoolIds":[null]}) means nothing: refused naming the field, never stored
        m.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return m;
    }

    public ObjectNode errorBody(String code, String key, Object... args) {
        ObjectNode body = mapper().createObjectNode();
        body.put("error", code);
        body.put("message_zh", messages.zh(key, args));
        body.put("message_en", messages.en(key, args));
        return body;
    }

    public void error(HttpServletResponse rs, int status, String code, String key, Object... args) throws IOException {
        write(rs, status, errorBody(code, key, args));
    }

    public void errors(HttpServletResponse rs, int status, String code, List<FieldError> errors) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        List<Map<String, String>> list = new ArrayList<>();
        for (FieldError e : errors) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("field", e.field());
            m.put("message_zh", e.messageZh());
            m.put("message_en", e.messageEn());
            list.add(m);
        }
        body.put("errors", list);
        write(rs, status, body);
    }
}
