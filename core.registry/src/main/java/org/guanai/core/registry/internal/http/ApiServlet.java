package org.guanai.core.registry.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.StaleVersionException;
import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.registry.internal.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base of the core's JSON servlets: one {@link ObjectMapper} per servlet instance (never static, so an updated bundle
 * leaves no classes behind in a shared cache), request body parsing with field-level errors, and the mapping of
 * refusals to HTTP statuses with a body in 中文 and English. No stack trace ever reaches a response.
 */
public abstract class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Largest JSON body accepted. */
    static final int MAX_BODY = 1 << 20;

    private final transient Logger log = LoggerFactory.getLogger(getClass());
    protected final transient Messages messages = new Messages();
    protected final transient Responses responses = new Responses(messages);


    /** A request the servlet refuses with a status and an error code, outside the registry's own exceptions. */
    public static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String code;
        final transient List<FieldError> errors;

        public HttpError(int status, String code, List<FieldError> errors) {
            super(code);
            this.status = status;
            this.code = code;
            this.errors = errors;
        }
    }

    @Override
    protected final void service(HttpServletRequest rq, HttpServletResponse rs) throws IOException {
        rs.setHeader("Cache-Control", "no-store");
        try {
            handle(rq, rs, segments(rq));
        } catch (ValidationException e) {
            errors(rs, 400, "validation", e.errors());
        } catch (NotFoundException e) {
            error(rs, 404, "not_found", "error.notFound");
        } catch (ForbiddenException e) {
            // the services' own check (the route policy refuses first): 403 as the route policy answers it
            responses.error(rs, 403, "forbidden", "error.forbidden", e.permission());
        } catch (StaleVersionException e) {
            ObjectNode body = errorBody("stale_version", "error.stale", e.actual());
            body.put("currentVersion", e.actual());
            write(rs, 409, body);
        } catch (HttpError e) {
            if (e.errors.isEmpty()) {
                error(rs, e.status, e.code, "error." + e.code);
            } else {
                errors(rs, e.status, e.code, e.errors);
            }
        } catch (RuntimeException e) {
            log.error("Request {} {} failed", rq.getMethod(), rq.getRequestURI(), e);
            if (!rs.isCommitted()) {
                error(rs, 500, "internal", "error.internal");
            }
        }
    }

    /** Handles a request; {@code path} are the segments after the servlet's pattern. */
    protected abstract void handle(HttpServletRequest rq, HttpServletResponse rs, List<String> path) throws IOException;

    private static List<String> segments(HttpServletRequest rq) {
        String info = rq.getPathInfo();
        if (info == null || info.equals("/")) {
            return List.of();
        }
        return Arrays.stream(info.substring(1).split("/", -1)).toList();
    }

    // ---- request helpers

    /** @return the id in a path segment; anything that is not one ({@link Ids}) is a record that does not exist: 404 */
    protected long idSegment(String s) {
        return Ids.parse(s).orElseThrow(ApiServlet::notFound);
    }

    /** Reads a JSON object body; syntax and size errors become 400/413 naming the body. */
    protected ObjectNode body(HttpServletRequest rq) throws IOException {
        String type = rq.getContentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "unsupported_media_type", List.of(messages.error("Content-Type", "error.json.malformed")));
        }
        if (rq.getContentLengthLong() > MAX_BODY) {
            throw new HttpError(413, "payload_too_large", List.of(messages.error("body", "error.tooLong", MAX_BODY)));
        }
        byte[] bytes;
        try (InputStream in = rq.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new HttpError(413, "payload_too_large", List.of(messages.error("body", "error.tooLong", MAX_BODY)));
        }
        if (bytes.length == 0) {
            throw new HttpError(400, "validation", List.of(messages.error("body", "error.body.required")));
        }
        JsonNode node;
        try {
            node = responses.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed_json", List.of(messages.error("body", "error.json.malformed")));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new HttpError(400, "malformed_json", List.of(messages.error("body", "error.json.malformed")));
        }
        return object;
    }

    /** Converts a JSON object to a record; unknown fields and wrong types become 400 naming the field. */
    protected <T> T convert(ObjectNode node, Class<T> type) {
        try {
            return responses.mapper().treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new HttpError(400, "validation", List.of(messages.error(e.getPropertyName(), "error.json.unknownField")));
        } catch (JsonMappingException e) {
            String field = fieldOf(e);
            FieldError err = messages.error(field, "error.json.badValue");
            if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
                String allowed = Arrays.toString(f.getTargetType().getEnumConstants());
                err = new FieldError(field, err.messageZh() + "：" + allowed, err.messageEn() + ": " + allowed);
            }
            throw new HttpError(400, "validation", List.of(err));
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed_json", List.of(messages.error("body", "error.json.malformed")));
        }
    }

    private static String fieldOf(JsonMappingException e) {
        List<String> names = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            names.add(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    /** The {@code version} of an update: from the body, else from {@code If-Match}; required. */
    protected long version(ObjectNode node, HttpServletRequest rq) {
        JsonNode v = node.get("version");
        if (v != null && v.canConvertToLong() && v.isIntegralNumber()) {
            return v.asLong();
        }
        String ifMatch = rq.getHeader("If-Match");
        if (ifMatch != null) {
            try {
                return Long.parseLong(ifMatch.replace("\"", "").replace("W/", "").trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new HttpError(400, "validation", List.of(messages.error("version", "error.version")));
    }

    protected Long longParam(HttpServletRequest rq, String name) {
        String v = rq.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw badParam(name);
        }
    }

    protected int intParam(HttpServletRequest rq, String name, int dflt) {
        Long v = longParam(rq, name);
        if (v == null) {
            return dflt;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw badParam(name);
        }
        return v.intValue();
    }

    /** An int parameter that must lie in {@code [min, max]} (a limit, a count): else 400 naming it and the range. */
    protected int intParam(HttpServletRequest rq, String name, int dflt, int min, int max) {
        int v = intParam(rq, name, dflt);
        if (v < min || v > max) {
            throw new HttpError(400, "validation", List.of(messages.error(name, "error.range", min, max)));
        }
        return v;
    }

    protected <E extends Enum<E>> E enumParam(HttpServletRequest rq, String name, Class<E> type) {
        String v = rq.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim());
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.toString(type.getEnumConstants());
            FieldError err = messages.error(name, "error.param.badValue");
            throw new HttpError(400, "validation",
                    List.of(new FieldError(name, err.messageZh() + "：" + allowed, err.messageEn() + ": " + allowed)));
        }
    }

    protected boolean boolParam(HttpServletRequest rq, String name) {
        String v = rq.getParameter(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw badParam(name);
    }

    private HttpError badParam(String name) {
        return new HttpError(400, "validation", List.of(messages.error(name, "error.param.badValue")));
    }

    protected HttpError methodNotAllowed(HttpServletResponse rs, String allowed) {
        rs.setHeader("Allow", allowed);
        return new HttpError(405, "method", List.of());
    }

    protected static HttpError notFound() {
        return new HttpError(404, "notFound", List.of());
    }

    // ---- response helpers

    protected void write(HttpServletResponse rs, int status, Object body) throws IOException {
        responses.write(rs, status, body);
    }

    protected void created(HttpServletRequest rq, HttpServletResponse rs, String location, Object body) throws IOException {
        rs.setHeader("Location", location);
        write(rs, 201, body);
    }

    private ObjectNode errorBody(String code, String key, Object... args) {
        return responses.errorBody(code, key, args);
    }

    private void error(HttpServletResponse rs, int status, String code, String key) throws IOException {
        responses.error(rs, status, code, key);
    }

    private void errors(HttpServletResponse rs, int status, String code, List<FieldError> errors) throws IOException {
        responses.errors(rs, status, code, errors);
    }
}
